import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readKegToml } from './read-keg-toml.js';
import { makeTempDir } from './make-temp-dir.js';
import { writeSampleKeg } from './sample-keg.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('keg-toml');
});
afterEach(async () => {
  await temp.cleanup();
});

async function read(kegToml: string): Promise<unknown> {
  const dir = join(temp.dir, `k${Math.random().toString(36).slice(2)}`);
  await writeSampleKeg(dir, [], { kegToml });
  return readKegToml(dir);
}

it('reads name, version, include_sources and plugin folders', async () => {
  const info = await read('[package]\nname = "k"\nversion = "1.0.0"\ninclude_sources = true\n[[plugins]]\nname = "a"\ntype = "t"\n');
  expect(info).toMatchObject({ name: 'k', version: '1.0.0', includeSources: true, plugins: [{ name: 'a', relDir: 'plugins/a' }] });
});

it.each([
  ['no table', 'name = "k"\n', 'package'],
  ['a name that could leave the folder', '[package]\nname = "../k"\nversion = "1"\n', 'package.name'],
  ['a missing version', '[keg]\nname = "k"\n', 'keg.version'],
  ['include_sources as text', '[package]\nname = "k"\nversion = "1"\ninclude_sources = "yes"\n', 'package.include_sources'],
  ['plugins as a table', '[package]\nname = "k"\nversion = "1"\n[plugins]\nname = "a"\n', 'plugins'],
  ['a plugin without name', '[package]\nname = "k"\nversion = "1"\n[[plugins]]\ntype = "t"\n', 'plugins[0].name'],
  ['an absolute plugin path', '[package]\nname = "k"\nversion = "1"\n[[plugins]]\nname = "a"\npath = "/etc"\n', 'plugins[0].path'],
])('rejects %s with keg-manifest-invalid at its key path', async (_what, toml, keyPath) => {
  await expect(read(toml)).rejects.toMatchObject({ code: 'keg-manifest-invalid', location: { keyPath } });
});

it('refuses a folder without keg.toml and a path that is not a folder', async () => {
  await expect(readKegToml(temp.dir)).rejects.toMatchObject({ code: 'keg-manifest-missing' });
  await expect(readKegToml(join(temp.dir, 'absent'))).rejects.toMatchObject({ code: 'keg-not-found' });
});
