import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../keg/_internals/make-test-zip.js';
import { main } from '../main.js';

// The real CLI in a child process, as a user runs it.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

let privateTmp: string;
beforeAll(async () => {
  privateTmp = await mkdtemp(join(tmpdir(), 'kegcheck-test-cli-'));
});
afterEach(async () => {
  // tsx keeps its compile cache (tsx-<uid>) in TMPDIR; ours are kegcheck-*.
  expect((await readdir(privateTmp)).filter((n) => n.startsWith('kegcheck-'))).toEqual([]);
});
afterAll(async () => {
  await rm(privateTmp, { recursive: true, force: true });
});

async function kegcheck(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: privateTmp, NO_COLOR: '1', HOME: privateTmp, KEGS_STORE_PATH: '', WASM_KEGS_PACKAGE_STORE_DIR: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const BAD: Array<[string, string, string]> = [
  ['toml-syntax', 'toml-syntax', 'fixtures/bad-kegs/toml-syntax/keg.toml:4:17'],
  ['schema-violation', 'schema', 'fixtures/bad-kegs/schema-violation/keg.toml:8:1 (plugins[0].type)'],
  ['duplicate-plugin', 'duplicate-plugin', 'fixtures/bad-kegs/duplicate-plugin/keg.toml:11:1 (plugins[1].name)'],
  ['missing-wasm', 'wasm-missing', 'fixtures/bad-kegs/missing-wasm/plugins/count_vowels/plugin.wasm'],
  ['corrupt-wasm', 'wasm-invalid', 'fixtures/bad-kegs/corrupt-wasm/plugins/count_vowels/plugin.wasm'],
  ['zip-slip.keg', 'zip-unsafe-entry', '../../evil.txt'],
  ['absolute-path.keg', 'zip-unsafe-entry', '/tmp/evil.tx'],
  ['symlink-entry.keg', 'zip-unsafe-entry', 'symbolic link'],
  ['extra-folder.keg', 'keg-nested', 'one level too deep'],
  ['zip-bomb.keg', 'zip-too-large', 'zip bomb'],
  ['zip-bomb-understated.keg', 'zip-size-mismatch', 'zip bomb'],
  ['not-a-zip.keg', 'keg-not-zip', 'not a zip'],
];

describe('kegcheck validate', () => {
  it('exits 0 for the good keg', async () => {
    const { code, stdout, stderr } = await kegcheck(['validate', 'fixtures/good-kegs/vowels']);
    expect(stderr).toBe('');
    expect(stdout).toContain('ok    fixtures/good-kegs/vowels (vowels 1.0.0): 1 plugin (count_vowels: kegs.testing.vowelcounter)');
    expect(code).toBe(0);
  });

  it.each(BAD)('exits 1 for bad-kegs/%s with its %s finding and no stack trace', async (name, findingCode, where) => {
    const { code, stdout, stderr } = await kegcheck(['validate', `fixtures/bad-kegs/${name}`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`[${findingCode}]`);
    expect(stdout).toContain(where);
    expect(stdout).toMatch(/^FAIL {2}fixtures\/bad-kegs\//);
    expect(stdout + stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(stderr).toBe('');
  });

  it('groups several kegs and summarises; prints JSON with --json', async () => {
    const text = await kegcheck(['validate', 'fixtures/good-kegs/vowels', 'fixtures/bad-kegs/duplicate-plugin']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('2 kegs: 1 clean, 1 with findings, 0 unreadable');
    const json = await kegcheck(['validate', '--json', 'fixtures/good-kegs/vowels', 'fixtures/bad-kegs/zip-slip.keg']);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { summary: unknown; exitCode: number; kegs: Array<{ status: string; findings?: Array<{ code: string }> }> };
    expect(parsed.summary).toEqual({ kegs: 2, clean: 1, findings: 1, errors: 0 });
    expect(parsed.exitCode).toBe(1);
    expect(parsed.kegs.map((k) => k.status)).toEqual(['clean', 'refused']);
    expect(parsed.kegs[1]?.findings?.[0]?.code).toBe('zip-unsafe-entry');
  });

  it('resolves packages through --store and KEGS_STORE_PATH', async () => {
    const store = await mkdtemp(join(tmpdir(), 'kegcheck-test-clistore-'));
    try {
      await cp(join(ROOT, 'fixtures/good-kegs/vowels'), join(store, 'vowels'), { recursive: true });
      const viaFlag = await kegcheck(['validate', '--store', store, 'vowels:count_vowels']);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout).toContain('(vowels 1.0.0)');
      const viaEnv = await kegcheck(['validate', 'vowels'], { KEGS_STORE_PATH: store });
      expect(viaEnv.code).toBe(0);
      const missing = await kegcheck(['validate', '--store', store, 'vowels:nope']);
      expect(missing.code).toBe(2);
      expect(missing.stdout).toContain('[plugin-not-found]');
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  });

  it('exits 2 for usage errors and missing input', async () => {
    const none = await kegcheck(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: kegcheck validate');
    const badFlag = await kegcheck(['validate', '--frobnicate', 'x']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('[usage]');
    expect(badFlag.stderr).not.toContain('internal error');
    const missing = await kegcheck(['validate', 'fixtures/no-such-keg']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('ERROR fixtures/no-such-keg: no such keg folder or .keg file [keg-not-found]');
    const help = await kegcheck(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--store DIR');
  });
});

// The same command in-process (what coverage sees), with a captured IO.
describe('kegcheck validate in-process', () => {
  async function inProcess(args: string[], isTTY = false): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['validate', ...args], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { HOME: privateTmp },
      cwd: ROOT,
      isTTY,
    });
    return { code, out, err };
  }

  it('reports findings, summary and exit codes like the CLI', async () => {
    const good = await inProcess(['fixtures/good-kegs/vowels']);
    expect(good).toMatchObject({ code: 0, err: '' });
    expect(good.out).toContain('ok    fixtures/good-kegs/vowels (vowels 1.0.0)');
    const bad = await inProcess(['fixtures/bad-kegs/schema-violation', 'fixtures/bad-kegs/not-a-zip.keg', 'fixtures/nope']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('fixtures/bad-kegs/schema-violation/keg.toml:8:1 (plugins[0].type): error: plugins[0].type must be string [schema]');
    expect(bad.out).toContain('        expected: type string');
    expect(bad.out).toContain('FAIL  fixtures/bad-kegs/not-a-zip.keg: refused');
    expect(bad.out).toContain('3 kegs: 0 clean, 2 with findings, 1 unreadable');
    const json = await inProcess(['--json', 'fixtures/bad-kegs/missing-wasm']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ exitCode: 1, kegs: [{ status: 'findings', name: 'missing_wasm', findings: [{ code: 'wasm-missing' }] }] });
    expect((await inProcess([])).code).toBe(2);
    const limited = await inProcess(['--zip-max-entries', '2', 'fixtures/bad-kegs/zip-bomb-understated.keg']);
    expect(limited.code).toBe(1);
    expect(limited.out).toContain('4 entries, more than the limit of 2 [zip-too-many-entries]');
    const zip = join(privateTmp, 'two-mib.keg');
    await writeFile(zip, await makeZip([{ name: 'keg.toml', data: '[package]\nname = "z"\nversion = "1.0.0"\n' }, { name: 'zeros.bin', data: new Uint8Array(2 << 20) }]));
    try {
      expect((await inProcess(['--zip-max-mib', '1', zip])).out).toContain('[zip-too-large]');
      // Within the default limit it is extracted; its only finding is about the manifest.
      expect(JSON.parse((await inProcess(['--json', zip])).out)).toMatchObject({ kegs: [{ status: 'findings', name: 'z', findings: [{ code: 'schema' }] }] });
    } finally {
      await rm(zip);
    }
    expect(await inProcess(['--zip-max-mib', '0', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining("--zip-max-mib expects a positive integer, got '0' [usage]") });
    expect(await inProcess(['--nope'])).toMatchObject({ code: 2, err: expect.stringContaining('[usage]') });
  });

  it('colours only on a terminal', async () => {
    const plain = await inProcess(['fixtures/bad-kegs/duplicate-plugin']);
    expect(plain.out).not.toContain('\u001b[');
    const tty = await inProcess(['fixtures/bad-kegs/duplicate-plugin'], true);
    expect(tty.out).toContain('\u001b[31mFAIL');
  });

  it('shows warnings without failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kegcheck-test-warn-'));
    try {
      await cp(join(ROOT, 'fixtures/good-kegs/vowels'), dir, { recursive: true });
      await cp(join(dir, 'plugins/count_vowels'), join(dir, 'plugins/spare'), { recursive: true });
      const { code, out } = await inProcess([dir]);
      expect(code).toBe(0);
      expect(out).toContain('1 plugin (count_vowels: kegs.testing.vowelcounter), 1 warning');
      expect(out).toContain('warning: folder plugins/spare/ is not declared in keg.toml [plugin-undeclared]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
