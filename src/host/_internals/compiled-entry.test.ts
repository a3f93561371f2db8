import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';

const COMPILED_ENTRY = fileURLToPath(new URL('./compiled-entry.mjs', import.meta.url));
const run = promisify(execFile);

// Each load happens in a fresh node process, as the CLI and the workers do: no tsx, no vitest.
async function loadInChild(entry: string, env: Record<string, string>): Promise<{ value: unknown; stderr: string }> {
  const script = `
    const { importEntry, cachedBundle } = await import(${JSON.stringify(pathToFileURL(COMPILED_ENTRY).href)});
    const entry = ${JSON.stringify(entry)};
    const before = cachedBundle(entry) !== undefined;
    const module = await importEntry(new URL(${JSON.stringify(pathToFileURL(entry).href)}));
    process.stdout.write(JSON.stringify({ before, result: await module.result() }));
  `;
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env } });
  return { value: JSON.parse(stdout) as unknown, stderr };
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

describe('compiled entries (the cached bundle of a TypeScript module graph)', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let src: string;
  let cache: string;
  let entry: string;

  beforeEach(async () => {
    temp = await makeTempDir('kegcheck-compiled-entry-');
    src = join(temp.dir, 'src');
    cache = join(temp.dir, 'cache');
    await mkdir(src);
    // As in kegcheck's own package: .ts files are ES modules.
    await writeFile(join(src, 'package.json'), '{ "type": "module" }\n');
    entry = join(src, 'entry.ts');
    await writeFile(
      entry,
      [
        "import { value } from './dep.js';",
        "import { hereUrl } from './where.js';",
        'export async function result(): Promise<unknown> {',
        "  const plugin = (await import(new URL('./user-module.ts', hereUrl).href)) as { name: string };",
        '  return { value, hereUrl, user: plugin.name };',
        '}',
      ].join('\n'),
    );
    await writeFile(join(src, 'dep.ts'), 'export const value: number = 1;\n');
    await writeFile(join(src, 'where.ts'), 'export const hereUrl: string = import.meta.url;\n');
    // Stands for a suite's oracle or mock script: TypeScript the bundle does not contain.
    await writeFile(join(src, 'user-module.ts'), "export const name: string = 'user';\n");
  });

  afterEach(async () => {
    await chmod(temp.dir, 0o700).catch(() => undefined);
    await temp.cleanup();
  });

  it('builds once, then loads the bundle; import.meta.url still names the source file; TS user modules load through tsx', async () => {
    const first = await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    const expected = { value: 1, hereUrl: pathToFileURL(join(src, 'where.ts')).href, user: 'user' };
    expect(first.value).toEqual({ before: false, result: expected });
    const second = await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    expect(second.value).toEqual({ before: true, result: expected });
  });

  it('rebuilds when a source in the graph changes', async () => {
    await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    await writeFile(join(src, 'dep.ts'), 'export const value: number = 2;\n');
    const changed = await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    expect(changed.value).toMatchObject({ before: false, result: { value: 2 } });
    const again = await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    expect(again.value).toMatchObject({ before: true, result: { value: 2 } });
  });

  it('keeps the bundle when a source is only touched (a checkout, a save without changes)', async () => {
    await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    const later = new Date(Date.now() + 60_000);
    await utimes(join(src, 'dep.ts'), later, later);
    expect((await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache })).value).toMatchObject({ before: true, result: { value: 1 } });
  });

  it('rebuilds when a package copied into the bundle changes', async () => {
    // picocolors is one of the pure-JS packages inlined into the bundle; a stand-in with its name.
    const pkg = join(temp.dir, 'node_modules', 'picocolors');
    await mkdir(pkg, { recursive: true });
    const manifest = (version: string): string => JSON.stringify({ name: 'picocolors', version, main: 'index.js' });
    await writeFile(join(pkg, 'package.json'), manifest('1.0.0'));
    await writeFile(join(pkg, 'index.js'), 'module.exports = { tag: "one" };\n');
    await writeFile(join(src, 'dep.ts'), "import colors from 'picocolors';\nexport const value: string = (colors as unknown as { tag: string }).tag;\n");
    expect((await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache })).value).toMatchObject({ before: false, result: { value: 'one' } });
    // Inlined: a changed file inside the package is not seen until its package.json changes (as an install does).
    await writeFile(join(pkg, 'index.js'), 'module.exports = { tag: "two" };\n');
    expect((await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache })).value).toMatchObject({ before: true, result: { value: 'one' } });
    await writeFile(join(pkg, 'package.json'), manifest('1.0.1'));
    expect((await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache })).value).toMatchObject({ before: false, result: { value: 'two' } });
  });

  it('writes nothing outside the cache folder', async () => {
    const sourcesBefore = await listTree(src);
    await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    expect(await listTree(src)).toEqual(sourcesBefore);
    expect((await readdir(temp.dir)).sort()).toEqual(['cache', 'src']);
    // One manifest and one build folder; no staging leftovers.
    const cached = await readdir(cache);
    expect(cached.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(cached.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes superseded builds once a day old, and keeps the current one and recent ones', async () => {
    await mkdir(cache, { recursive: true });
    const old = join(cache, 'entry-0123456789abcdef-0123456789abcdef');
    const recent = join(cache, 'entry-0123456789abcdef-fedcba9876543210');
    const foreign = join(cache, 'notes');
    for (const dir of [old, recent, foreign]) await mkdir(dir);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    await utimes(foreign, twoDaysAgo, twoDaysAgo);
    await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache });
    const left = await readdir(cache);
    expect(left).not.toContain('entry-0123456789abcdef-0123456789abcdef');
    expect(left).toEqual(expect.arrayContaining(['entry-0123456789abcdef-fedcba9876543210', 'notes']));
    // The build just made is still there and used.
    expect((await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache })).value).toMatchObject({ before: true });
  });

  it('falls back to tsx when the cache folder cannot be written', async () => {
    // A file where the folder would go: mkdir fails whatever the user's privileges.
    const blocked = join(temp.dir, 'blocked');
    await writeFile(blocked, 'not a folder');
    const loaded = await loadInChild(entry, { KEGCHECK_CACHE_DIR: join(blocked, 'cache') });
    expect(loaded.value).toMatchObject({ before: false, result: { value: 1, user: 'user' } });
    expect(await readFile(blocked, 'utf8')).toBe('not a folder');
  });

  it('uses tsx and writes no cache with KEGCHECK_CACHE=off', async () => {
    const loaded = await loadInChild(entry, { KEGCHECK_CACHE_DIR: cache, KEGCHECK_CACHE: 'off' });
    expect(loaded.value).toMatchObject({ result: { value: 1, user: 'user' } });
    expect((await readdir(temp.dir)).sort()).toEqual(['src']);
  });
});
