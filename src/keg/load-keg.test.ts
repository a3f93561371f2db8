import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KegcheckError } from '../kegcheck-error.js';
import { liveTempDirs } from './_internals/temp-dir-registry.js';
import { makeZip, zipFolder } from './_internals/make-test-zip.js';
import { loadKeg } from './load-keg.js';

const GOOD = fileURLToPath(new URL('../../fixtures/good-kegs/vowels/', import.meta.url));

let work: string;
let tempRoot: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kegcheck-test-load-'));
  tempRoot = join(work, 'tmp');
  await mkdir(tempRoot);
});
afterEach(async () => {
  // Every test must leave the extraction root empty.
  expect(await readdir(tempRoot)).toEqual([]);
  await rm(work, { recursive: true, force: true });
});

async function goodCopy(edit?: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, 'keg');
  await cp(GOOD, dir, { recursive: true });
  await edit?.(dir);
  return dir;
}

async function withManifest(text: string): Promise<string> {
  return goodCopy((dir) => writeFile(join(dir, 'keg.toml'), text));
}

async function load(source: string) {
  return loadKeg(source, { tempRoot });
}

async function refusal(promise: Promise<unknown>): Promise<KegcheckError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KegcheckError) return error;
    throw error;
  }
  throw new Error('expected a KegcheckError');
}

const PLUGIN = '[[plugins]]\nname = "count_vowels"\ntype = "kegs.testing.vowelcounter"\n';

describe('loadKeg from a folder', () => {
  it('loads the good keg with its plugin, wasm interface and resources', async () => {
    const keg = await load(GOOD);
    expect(keg).toMatchObject({ kind: 'folder', name: 'vowels', version: '1.0.0', root: GOOD.replace(/\/$/, ''), findings: [] });
    expect(keg.description).toContain('vowels');
    expect(keg.manifestFile).toBe(join(GOOD, 'keg.toml'));
    expect(keg.plugins).toHaveLength(1);
    const [plugin] = keg.plugins;
    const dir = join(GOOD, 'plugins', 'count_vowels');
    expect(plugin).toMatchObject({
      name: 'count_vowels',
      type: 'kegs.testing.vowelcounter',
      dir,
      wasmPath: join(dir, 'plugin.wasm'),
      staticDir: join(dir, 'static'),
      hasSources: true,
      metadata: { name: 'count_vowels', exports: ['count_vowels'] },
    });
    expect(plugin?.schemaPath).toBeUndefined();
    expect(plugin?.exports).toContainEqual({ name: 'count_vowels', kind: 'function' });
    expect(plugin?.imports.map((i) => `${i.module}.${i.name}`)).toEqual(
      expect.arrayContaining(['extism:host/env.input_length', 'extism:host/env.output_set', 'extism:host/env.alloc']),
    );
    const wasm = await readFile(join(dir, 'plugin.wasm'));
    expect(plugin?.wasmSha256).toBe(createHash('sha256').update(wasm).digest('hex'));
    await keg.dispose();
  });

  it('accepts a [keg] table as the reference host writes it', async () => {
    const keg = await load(await withManifest(`[keg]\nname = "vowels"\nversion = "2.1.0-rc.1+build.5"\n\n${PLUGIN}`));
    expect(keg.findings).toEqual([]);
    expect(keg).toMatchObject({ name: 'vowels', version: '2.1.0-rc.1+build.5' });
  });

  it('reports both tables, or neither, as package-table', async () => {
    const both = await load(await withManifest(`[package]\nname = "a"\nversion = "1.0.0"\n[keg]\nname = "a"\nversion = "1.0.0"\n\n${PLUGIN}`));
    expect(both.findings).toEqual([expect.objectContaining({ code: 'package-table', location: expect.objectContaining({ keyPath: 'keg', line: 4 }) })]);
    await rm(join(work, 'keg'), { recursive: true });
    const neither = await load(await withManifest(PLUGIN));
    expect(neither.findings.map((f) => f.code)).toEqual(['package-table']);
    expect(neither.name).toBe('keg');
    expect(neither.version).toBe('');
  });

  it('reports a version that is not semver once, with its own code', async () => {
    const keg = await load(await withManifest(`[package]\nname = "vowels"\nversion = "1.0"\n\n${PLUGIN}`));
    expect(keg.findings).toEqual([
      expect.objectContaining({
        code: 'version-semver',
        location: expect.objectContaining({ keyPath: 'package.version', line: 3, column: 1 }),
        expected: expect.stringContaining('MAJOR.MINOR.PATCH'),
      }),
    ]);
  });

  it('reports bad plugin names and types, and drops unusable entries', async () => {
    const keg = await load(
      await withManifest(
        '[package]\nname = "vowels"\nversion = "1.0.0"\n\n[[plugins]]\nname = "a:b"\ntype = "kegs.x"\n\n[[plugins]]\nname = "count_vowels"\ntype = "Vowel Counter"\n',
      ),
    );
    expect(keg.findings.map((f) => [f.code, f.location.keyPath, f.location.line])).toEqual([
      ['plugin-name', 'plugins[0].name', 6],
      ['plugin-type', 'plugins[1].type', 11],
      // the plugin with the bad type is still inspected; its metadata disagrees
      ['metadata-mismatch', 'type', 2],
    ]);
    expect(keg.plugins.map((p) => p.name)).toEqual(['count_vowels']);
  });

  it('reports schema violations with key path and position', async () => {
    const keg = await load(await withManifest(`[package]\nname = "vowels"\nversion = "1.0.0"\nauthr = "typo"\n\n${PLUGIN}colour = "red"\n`));
    expect(keg.findings.map((f) => [f.code, f.location.keyPath, f.location.line, f.location.column])).toEqual([
      ['schema', 'package.authr', 4, 1],
      ['schema', 'plugins[0].colour', 9, 1],
    ]);
  });

  it('requires at least one plugin entry', async () => {
    const keg = await load(await withManifest('[package]\nname = "vowels"\nversion = "1.0.0"\n'));
    expect(keg.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'schema', expected: 'a key "plugins"', location: expect.objectContaining({ keyPath: 'plugins', line: 1, column: 1 }) }),
    ]);
    expect(keg.findings.filter((f) => f.severity === 'warning').map((f) => f.code)).toEqual(['plugin-undeclared']);
  });

  it('reports a missing plugin folder and an undeclared one', async () => {
    const keg = await load(await withManifest(`[package]\nname = "vowels"\nversion = "1.0.0"\n\n[[plugins]]\nname = "count_consonants"\ntype = "kegs.testing.x"\n`));
    expect(keg.findings).toEqual([
      expect.objectContaining({ code: 'plugin-folder-missing', severity: 'error', location: expect.objectContaining({ keyPath: 'plugins[0].name', line: 6 }) }),
      expect.objectContaining({ code: 'plugin-undeclared', severity: 'warning', location: { file: join(work, 'keg', 'plugins/count_vowels') } }),
    ]);
    expect(keg.plugins).toEqual([]);
  });

  it('honours a plugin path inside the keg and refuses one that leaves it', async () => {
    const moved = await goodCopy(async (dir) => {
      await cp(join(dir, 'plugins', 'count_vowels'), join(dir, 'lib', 'counter'), { recursive: true });
      await rm(join(dir, 'plugins'), { recursive: true });
      await writeFile(join(dir, 'keg.toml'), `[package]\nname = "v"\nversion = "1.0.0"\n\n${PLUGIN}path = "lib/counter"\n`);
    });
    const keg = await load(moved);
    expect(keg.findings).toEqual([]);
    expect(keg.plugins[0]?.dir).toBe(join(moved, 'lib', 'counter'));
    await rm(moved, { recursive: true });
    for (const path of ['../outside', '/etc', 'a\\\\b']) {
      const escaped = await withManifest(`[package]\nname = "v"\nversion = "1.0.0"\n\n${PLUGIN}path = "${path}"\n`);
      const bad = await load(escaped);
      expect(bad.findings.filter((f) => f.severity === 'error')).toEqual([
        expect.objectContaining({ code: 'plugin-path', location: expect.objectContaining({ keyPath: 'plugins[0].path', line: 8 }) }),
      ]);
      await rm(escaped, { recursive: true });
    }
  });

  it('refuses a plugin folder that is a symlink to outside the keg', async () => {
    const outside = join(work, 'outside');
    await cp(join(GOOD, 'plugins', 'count_vowels'), outside, { recursive: true });
    const dir = await goodCopy(async (d) => {
      await rm(join(d, 'plugins', 'count_vowels'), { recursive: true });
      await symlink(outside, join(d, 'plugins', 'count_vowels'));
    });
    const keg = await load(dir);
    expect(keg.findings.map((f) => f.code)).toEqual(['plugin-path']);
    expect(keg.plugins).toEqual([]);
  });

  it('reports static/ links that leave the keg (or dangle), not those inside it', async () => {
    const dir = await goodCopy(async (d) => {
      const stat = join(d, 'plugins', 'count_vowels', 'static');
      await mkdir(join(stat, 'sub'));
      await symlink('/etc/passwd', join(stat, 'sub', 'passwd'));
      await symlink(join(work, 'nowhere'), join(stat, 'dangling'));
      await symlink(join(stat, 'vowels.txt'), join(stat, 'alias.txt'));
    });
    const keg = await load(dir);
    expect(keg.findings.map((f) => [f.code, f.location.file])).toEqual([
      ['symlink-escape', join(dir, 'plugins/count_vowels/static/dangling')],
      ['symlink-escape', join(dir, 'plugins/count_vowels/static/sub/passwd')],
    ]);
  });

  it('does not hang or exhaust memory on FIFOs, devices and huge files', async () => {
    const plugin = (d: string) => join(d, 'plugins', 'count_vowels');
    const dir = await goodCopy(async (d) => {
      await rm(join(plugin(d), 'metadata.toml'));
      execFileSync('mkfifo', [join(plugin(d), 'metadata.toml')]);
      await symlink('/dev/zero', join(plugin(d), 'schema.json'));
      // Sparse: 300 MiB declared, no disk used.
      await truncate(join(plugin(d), 'plugin.wasm'), 300 * 1024 * 1024);
    });
    const keg = await load(dir);
    expect(keg.findings.map((f) => [f.code, f.location.file])).toEqual([
      ['metadata-missing', join(dir, 'plugins/count_vowels/metadata.toml')],
      ['file-too-large', join(dir, 'plugins/count_vowels/plugin.wasm')],
      ['plugin-schema-invalid', join(dir, 'plugins/count_vowels/schema.json')],
    ]);
    expect(keg.findings[0]?.message).toContain('not a regular file');
    expect(keg.plugins[0]?.schemaPath).toBeUndefined();
    await rm(dir, { recursive: true });

    const bigManifest = await goodCopy((d) => truncate(join(d, 'keg.toml'), 5 * 1024 * 1024));
    expect((await load(bigManifest)).findings.map((f) => f.code)).toEqual(['file-too-large']);
    await rm(bigManifest, { recursive: true });

    const fifoManifest = await goodCopy(async (d) => {
      await rm(join(d, 'keg.toml'));
      execFileSync('mkfifo', [join(d, 'keg.toml')]);
    });
    expect((await refusal(load(fifoManifest))).code).toBe('manifest-missing');
  });

  it('reports missing, unparsable and mismatched metadata.toml', async () => {
    const meta = (d: string) => join(d, 'plugins', 'count_vowels', 'metadata.toml');
    let dir = await goodCopy((d) => rm(meta(d)));
    let keg = await load(dir);
    expect(keg.findings).toEqual([expect.objectContaining({ code: 'metadata-missing', location: { file: join(dir, 'plugins/count_vowels/metadata.toml') } })]);
    expect(keg.plugins[0]?.metadata).toEqual({});
    await rm(dir, { recursive: true });

    dir = await goodCopy((d) => writeFile(meta(d), 'name = "count_vowels"\ndescription = "oops\n'));
    keg = await load(dir);
    expect(keg.findings).toEqual([expect.objectContaining({ code: 'toml-syntax', location: expect.objectContaining({ line: 2 }) })]);
    await rm(dir, { recursive: true });

    dir = await goodCopy((d) => writeFile(meta(d), 'name = "count_vowels"\ntype = "kegs.testing.other"\nexports = "count_vowels"\n'));
    keg = await load(dir);
    expect(keg.findings.map((f) => [f.code, f.location.keyPath, f.location.line])).toEqual([
      ['schema', 'exports', 3],
      ['metadata-mismatch', 'type', 2],
    ]);
  });

  it('reports a missing wasm, mentioning sources when there are some', async () => {
    const dir = await goodCopy((d) => rm(join(d, 'plugins', 'count_vowels', 'plugin.wasm')));
    const keg = await load(dir);
    expect(keg.findings).toEqual([expect.objectContaining({ code: 'wasm-missing', message: expect.stringContaining('kegcheck build') })]);
    expect(keg.plugins[0]).toMatchObject({ wasmPath: undefined, imports: [], exports: [] });
  });

  it('prefers plugin.debug.wasm when it is newer or plugin.wasm is missing', async () => {
    const dir = await goodCopy();
    const plugin = join(dir, 'plugins', 'count_vowels');
    await writeFile(join(plugin, 'plugin.debug.wasm'), Buffer.from('\0asm\x01\0\0\0', 'latin1'));
    const old = new Date('2020-01-01T00:00:00Z');
    await utimes(join(plugin, 'plugin.debug.wasm'), old, old);
    let keg = await load(dir);
    expect(keg.plugins[0]?.wasmPath).toBe(join(plugin, 'plugin.wasm'));
    const later = new Date(Date.now() + 60_000);
    await utimes(join(plugin, 'plugin.debug.wasm'), later, later);
    keg = await load(dir);
    expect(keg.plugins[0]?.wasmPath).toBe(join(plugin, 'plugin.debug.wasm'));
    expect(keg.plugins[0]?.exports).toEqual([]);
    await utimes(join(plugin, 'plugin.debug.wasm'), old, old);
    await rm(join(plugin, 'plugin.wasm'));
    keg = await load(dir);
    expect(keg.plugins[0]?.wasmPath).toBe(join(plugin, 'plugin.debug.wasm'));
  });

  it('records schema.json and reports one that is not a JSON object', async () => {
    const dir = await goodCopy();
    const schema = join(dir, 'plugins', 'count_vowels', 'schema.json');
    await writeFile(schema, '{"type": "object"}');
    let keg = await load(dir);
    expect(keg.findings).toEqual([]);
    expect(keg.plugins[0]?.schemaPath).toBe(schema);
    for (const text of ['{"type": ', '[1, 2]']) {
      await writeFile(schema, text);
      keg = await load(dir);
      expect(keg.findings).toEqual([expect.objectContaining({ code: 'plugin-schema-invalid', location: { file: join(dir, 'plugins/count_vowels/schema.json') } })]);
    }
  });

  it('refuses a folder without keg.toml, saying so when it is one folder down', async () => {
    const outer = join(work, 'outer');
    await cp(GOOD, join(outer, 'vowels'), { recursive: true });
    const nested = await refusal(load(outer));
    expect(nested.code).toBe('keg-nested');
    expect(nested.message).toContain('vowels/keg.toml');
    await mkdir(join(outer, 'other'));
    await cp(GOOD, join(outer, 'other2'), { recursive: true });
    expect((await refusal(load(outer))).code).toBe('manifest-missing');
  });

  it('refuses a path that does not exist', async () => {
    const error = await refusal(load(join(work, 'nope')));
    expect(error).toMatchObject({ code: 'keg-not-found', location: { file: join(work, 'nope') } });
  });

  it('resolves a relative source against the cwd option and shows it as given', async () => {
    await goodCopy((d) => writeFile(join(d, 'keg.toml'), '[package]\nname = "v"\nversion = "x"\n' + PLUGIN));
    const keg = await loadKeg('keg', { cwd: work, tempRoot });
    expect(keg.source).toBe('keg');
    expect(keg.findings[0]?.location.file).toBe(join('keg', 'keg.toml'));
  });
});

describe('loadKeg from a .keg zip', () => {
  it('extracts into a private temp dir and removes it on dispose', async () => {
    const file = join(work, 'vowels.keg');
    await writeFile(file, await zipFolder(GOOD));
    const keg = await load(file);
    expect(keg.kind).toBe('zip');
    expect(keg.root.startsWith(join(tempRoot, 'kegcheck-'))).toBe(true);
    expect(keg.findings).toEqual([]);
    expect(keg.plugins[0]?.exports).toContainEqual({ name: 'count_vowels', kind: 'function' });
    expect(await readFile(join(keg.plugins[0]!.staticDir!, 'vowels.txt'), 'utf8')).toBe('aeiouAEIOU\n');
    expect(liveTempDirs()).toContain(keg.root);
    // Nothing beside the user's file.
    expect(await readdir(work)).toEqual(['tmp', 'vowels.keg'].sort());
    await keg.dispose();
    await keg.dispose();
    expect(liveTempDirs()).not.toContain(keg.root);
  });

  it('shows zip findings as <file>!/<entry>', async () => {
    const file = join(work, 'bad.keg');
    await writeFile(file, await makeZip([{ name: 'keg.toml', data: `[package]\nname = "v"\nversion = "1"\n\n${PLUGIN}` }]));
    const keg = await load(file);
    expect(keg.name).toBe('v');
    expect(keg.findings.map((f) => [f.code, f.location.file])).toEqual([
      ['version-semver', `${file}!/keg.toml`],
      ['plugin-folder-missing', `${file}!/keg.toml`],
    ]);
    await keg.dispose();
  });

  it('applies configurable limits', async () => {
    const file = join(work, 'vowels.keg');
    await writeFile(file, await zipFolder(GOOD));
    expect((await refusal(loadKeg(file, { tempRoot, zipLimits: { maxEntries: 2 } }))).code).toBe('zip-too-many-entries');
    expect((await refusal(loadKeg(file, { tempRoot, zipLimits: { maxUncompressedBytes: 100 } }))).code).toBe('zip-too-large');
    // A file bigger than any archive within the limits is refused before it is read.
    const big = join(work, 'big.keg');
    await writeFile(big, await makeZip([{ name: 'keg.toml', data: 'x' }, { name: 'noise.bin', data: randomBytes(100_000) }], { store: true }));
    const error = await refusal(loadKeg(big, { tempRoot, zipLimits: { maxEntries: 2, maxUncompressedBytes: 10 } }));
    expect(error).toMatchObject({ code: 'zip-too-large', message: expect.stringContaining('more than a keg within the limits can be') });
  });

  it('says so when the temp root cannot be written', async () => {
    const file = join(work, 'vowels.keg');
    await writeFile(file, await zipFolder(GOOD));
    const notADir = join(work, 'file');
    await writeFile(notADir, '');
    expect((await refusal(loadKeg(file, { tempRoot: notADir }))).code).toBe('temp-dir-unwritable');
  });

  it('refuses a zip without keg.toml at its root', async () => {
    const file = join(work, 'empty.keg');
    await writeFile(file, await makeZip([{ name: 'README', data: 'no manifest' }]));
    expect((await refusal(load(file))).code).toBe('manifest-missing');
  });

  it('keeps toml-syntax in a zipped manifest a finding and cleans up', async () => {
    const file = join(work, 'syntax.keg');
    await writeFile(file, await makeZip([{ name: 'keg.toml', data: '[package\n' }]));
    const keg = await load(file);
    expect(keg.findings).toEqual([expect.objectContaining({ code: 'toml-syntax', location: expect.objectContaining({ file: `${file}!/keg.toml`, line: 1 }) })]);
    await keg.dispose();
  });
});
