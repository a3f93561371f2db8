import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateKeg } from '../keg/validate-keg.js';
import { buildKeg } from './build-keg.js';
import { packKeg } from './pack-keg.js';
import { makeTempDir } from './_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from './_internals/sample-keg.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('pack');
});
afterEach(async () => {
  await temp.cleanup();
});

async function builtKeg(dir: string, extraToml?: string): Promise<string> {
  const kegDir = await writeSampleKeg(
    dir,
    [
      { name: 'echo', files: echoSources('wat') },
      { name: 'shout', files: echoSources('assemblyscript') },
    ],
    { name: 'demo', version: '1.2.3', ...(extraToml === undefined ? {} : { extraToml }) },
  );
  // Leftovers a real keg folder has: an old archive and cargo-style build output.
  await mkdir(join(kegDir, 'dist'), { recursive: true });
  await writeFile(join(kegDir, 'dist/old-0.0.1.keg'), 'old');
  await mkdir(join(kegDir, 'plugins/echo/src/target'), { recursive: true });
  await writeFile(join(kegDir, 'plugins/echo/src/target/junk.o'), 'junk');
  const built = await buildKeg(kegDir);
  expect(built.plugins.map((p) => p.status)).toEqual(['built', 'built']);
  return kegDir;
}

describe('packKeg', () => {
  it('writes dist/<name>-<version>.keg rooted at the keg root, without dist/, src/ and build fingerprints', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    const result = await packKeg(kegDir);
    expect(result.path).toBe(join(kegDir, 'dist/demo-1.2.3.keg'));
    expect(result.entries).toEqual([
      'keg.toml',
      'plugins/',
      'plugins/echo/',
      'plugins/echo/metadata.toml',
      'plugins/echo/plugin.wasm',
      'plugins/echo/static/',
      'plugins/echo/static/hello.txt',
      'plugins/shout/',
      'plugins/shout/metadata.toml',
      'plugins/shout/plugin.wasm',
      'plugins/shout/static/',
      'plugins/shout/static/hello.txt',
    ]);
    const zip = await JSZip.loadAsync(await readFile(result.path));
    expect(Object.keys(zip.files).sort()).toEqual([...result.entries].sort());
    expect(await zip.file('plugins/echo/plugin.wasm')?.async('nodebuffer')).toEqual(await readFile(join(kegDir, 'plugins/echo/plugin.wasm')));
    expect(await zip.file('keg.toml')?.async('string')).toContain('name = "demo"');
    // Nothing but the archive was added to dist/: no temp file left.
    expect((await readdir(join(kegDir, 'dist'))).sort()).toEqual(['demo-1.2.3.keg', 'old-0.0.1.keg']);
  });

  it('is deterministic: same content gives the same bytes, whatever the mtimes or the folder path', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    const first = await packKeg(kegDir);
    const firstBytes = await readFile(first.path);
    const later = new Date(Date.now() + 3_600_000);
    await utimes(join(kegDir, 'keg.toml'), later, later);
    const copy = join(temp.dir, 'elsewhere/copy');
    await cp(kegDir, copy, { recursive: true });
    const second = await packKeg(kegDir);
    const third = await packKeg(copy);
    expect(second.sha256).toBe(first.sha256);
    expect(third.sha256).toBe(first.sha256);
    expect(await readFile(third.path)).toEqual(firstBytes);
    const zip = await JSZip.loadAsync(firstBytes);
    for (const entry of Object.values(zip.files)) {
      expect(entry.date.toISOString()).toBe('1980-01-01T00:00:00.000Z');
      expect(Number(entry.unixPermissions) & 0o777).toBe(entry.dir ? 0o755 : 0o644);
    }
  });

  it('changes the bytes when a file changes', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    const before = await packKeg(kegDir);
    await writeFile(join(kegDir, 'plugins/echo/static/hello.txt'), 'hello!\n');
    expect((await packKeg(kegDir)).sha256).not.toBe(before.sha256);
  });

  it('keeps src/ (but not build output) with includeSources or include_sources = true', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    const withFlag = await packKeg(kegDir, { includeSources: true, outDir: join(temp.dir, 'out') });
    expect(withFlag.includedSources).toBe(true);
    expect(withFlag.path).toBe(join(temp.dir, 'out/demo-1.2.3.keg'));
    expect(withFlag.entries).toContain('plugins/echo/src/wat/echo.wat');
    expect(withFlag.entries).toContain('plugins/shout/src/assemblyscript/index.ts');
    expect(withFlag.entries.filter((e) => e.includes('target'))).toEqual([]);
    // Only build output is dropped: a static folder that happens to be called target/ is content.
    await mkdir(join(kegDir, 'plugins/echo/static/target'), { recursive: true });
    await writeFile(join(kegDir, 'plugins/echo/static/target/data.txt'), 'data');
    expect((await packKeg(kegDir)).entries).toContain('plugins/echo/static/target/data.txt');

    // The fingerprint goes with the sources it describes: unpacked, the keg validates clean and needs no rebuild.
    expect(withFlag.entries).toContain('plugins/echo/plugin.build.json');
    expect((await validateKeg(withFlag.path)).status).toBe('clean');
    const unpacked = join(temp.dir, 'unpacked');
    await mkdir(unpacked);
    const zip = await JSZip.loadAsync(await readFile(withFlag.path));
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) await mkdir(join(unpacked, entry.name), { recursive: true });
      else await writeFile(join(unpacked, entry.name), await entry.async('nodebuffer'));
    }
    expect((await buildKeg(unpacked)).plugins.map((p) => p.status)).toEqual(['up-to-date', 'up-to-date']);

    const viaToml = await builtKeg(join(temp.dir, 'keg2'), 'include_sources = true');
    const fromToml = await packKeg(viaToml);
    expect(fromToml.includedSources).toBe(true);
    expect(fromToml.entries).toContain('plugins/echo/src/wat/echo.wat');
  });

  it('leaves an --out folder inside the keg out of the archive', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    await packKeg(kegDir, { outDir: join(kegDir, 'release') });
    const again = await packKeg(kegDir, { outDir: join(kegDir, 'release') });
    expect(again.entries.filter((e) => e.startsWith('release'))).toEqual([]);
  });

  it('refuses a plugin without plugin.wasm, naming kegcheck build', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }]);
    await expect(packKeg(kegDir)).rejects.toMatchObject({ code: 'pack-missing-wasm', message: expect.stringContaining('kegcheck build') });
    expect(existsSync(join(kegDir, 'dist'))).toBe(false);
  });

  it('refuses a symbolic link rather than packing what it points at', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    await writeFile(join(temp.dir, 'secret.txt'), 'secret');
    await symlink(join(temp.dir, 'secret.txt'), join(kegDir, 'plugins/echo/static/link.txt'));
    await expect(packKeg(kegDir)).rejects.toMatchObject({ code: 'pack-symlink', message: expect.stringContaining('plugins/echo/static/link.txt') });
    expect(existsSync(join(kegDir, 'dist/demo-1.2.3.keg'))).toBe(false);
  });

  it('reports an --out path that is a file as pack-write-failed, leaving nothing behind', async () => {
    const kegDir = await builtKeg(join(temp.dir, 'keg'));
    const blocker = join(temp.dir, 'blocker');
    await writeFile(blocker, 'a file, not a folder');
    await expect(packKeg(kegDir, { outDir: blocker })).rejects.toMatchObject({ code: 'pack-write-failed' });
    expect((await readdir(temp.dir)).sort()).toEqual(['blocker', 'keg']);
  });
});
