import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { PackageStore } from '../../keg/package-store.js';
import { resolveStoreReference } from './store-reference.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('reference');
});
afterEach(async () => {
  await temp.cleanup();
});

it('resolves a path first, then a package folder or .keg file of the store, else refuses', async () => {
  const storeDir = join(temp.dir, 'store');
  await mkdir(join(storeDir, 'ref_keg'), { recursive: true });
  await writeFile(join(storeDir, 'ref_keg/keg.toml'), '[package]\nname = "ref_keg"\nversion = "1.0.0"\n');
  await writeFile(join(storeDir, 'zipped.keg'), 'not read here');
  await mkdir(join(temp.dir, 'local'));
  const store = new PackageStore([storeDir], { cwd: temp.dir });

  expect(await resolveStoreReference('local', store, temp.dir)).toBe(join(temp.dir, 'local'));
  expect(await resolveStoreReference('ref_keg', store, temp.dir)).toBe(join(storeDir, 'ref_keg'));
  expect(await resolveStoreReference('zipped', store, temp.dir)).toBe(join(storeDir, 'zipped.keg'));
  await expect(resolveStoreReference('nowhere', store, temp.dir)).rejects.toMatchObject({ code: 'reference-not-found', location: { file: 'nowhere' } });
});
