// Suite packages end to end: `kegcheck init --package` scaffolds one that
// `npm pack` accepts, and the example package, packed and npm-installed into a
// temp project, runs by name from that project.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { loadSuite } from '../../suite/load-suite.js';
import type { RunReport } from '../../model/result.js';
import { readSuitePackage } from '../../suite/suite-package.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = join(REPO, 'fixtures/suite-packages/vowelcounter-suite');
const VOWEL_GOOD = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');
const VOWEL_BAD = join(REPO, 'fixtures/suites/vowelcounter/vowels_lowercase_only');
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('suitepkg-cli');
});
afterAll(() => tmp.cleanup());

describe('kegcheck init --package', () => {
  it('scaffolds a valid, packable suite package whose oracle agrees with its cases', async () => {
    const dir = join(tmp.dir, 'measure-suite');
    const r = await cli(['init', '--package', dir, '--type', 'acme.text.measure'], tmp.dir);
    expect(r.code, r.err).toBe(0);
    const pkg = await readSuitePackage(dir);
    expect(pkg).toMatchObject({ name: 'measure-suite', version: '0.1.0' });
    expect(pkg.suites).toHaveLength(1);
    const loaded = await loadSuite(pkg.suites[0] ?? '');
    expect(loaded.kind, JSON.stringify(loaded.findings)).toBe('ok');
    if (loaded.kind !== 'ok') return;
    expect(loaded.suite.type).toBe('acme.text.measure');
    const oracle = loaded.suite.properties.find((p) => p.check === 'oracle')?.oracle ?? '';
    const measure = ((await import(pathToFileURL(oracle).href)) as { default: (input: string) => unknown }).default;
    for (const c of loaded.suite.cases) {
      const step = c.steps[0];
      if (step?.expect.kind !== 'json') throw new Error('scaffolded cases expect json');
      expect(measure(step.input[0] as string)).toEqual(step.expect.value);
    }
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, env: NPM_ENV });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path).sort();
    expect(files).toEqual(['README.md', 'package.json', 'suites/measure.suite.toml', 'suites/oracles/measure.js']);
  });

  it('refuses a non-empty folder and a bad type, writing nothing', async () => {
    const dir = join(tmp.dir, 'taken');
    await cli(['init', '--package', dir], tmp.dir);
    const before = await readdir(dir, { recursive: true });
    const again = await cli(['init', '--package', dir], tmp.dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('[init-exists]');
    expect(await readdir(dir, { recursive: true })).toEqual(before);
    const badType = await cli(['init', '--package', join(tmp.dir, 'fresh'), '--type', 'no dots'], tmp.dir);
    expect(badType.code).toBe(2);
    await expect(readdir(join(tmp.dir, 'fresh'))).rejects.toThrow();
  });
});

describe('the example suite package, installed with npm', () => {
  let project: string;
  beforeAll(async () => {
    const { stdout } = await run('npm', ['pack', EXAMPLE, '--pack-destination', tmp.dir, '--json', '--ignore-scripts'], { cwd: tmp.dir, env: NPM_ENV });
    const packed = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
    if (packed === undefined) throw new Error('npm pack printed nothing');
    // The reference keg's wasm (built by the test setup) must be in the tarball: the suite's matches_reference needs it.
    expect(packed.files.map((f) => f.path)).toContain('reference/vowels_wat/plugins/count_vowels/plugin.wasm');
    project = join(tmp.dir, 'consumer');
    await run('mkdir', ['-p', project]);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    await run('npm', ['install', '--offline', '--ignore-scripts', join(tmp.dir, packed.filename)], { cwd: project, env: NPM_ENV });
  }, 120_000);

  it('is a real copy in node_modules, not a link to the repo', async () => {
    const installed = await realpath(join(project, 'node_modules/@kegcheck-examples/vowelcounter-suite'));
    expect(installed.startsWith(await realpath(project))).toBe(true);
  });

  it('runs by package name; the report names package and version', async () => {
    const out = join(tmp.dir, 'reports-good');
    const r = await cli(['run', '@kegcheck-examples/vowelcounter-suite', VOWEL_GOOD, '--seed', '7', '--reporter', 'console', '--reporter', 'json', '--reporter', 'junit', '--out', out], project);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain('(@kegcheck-examples/vowelcounter-suite@1.3.0)');
    const report = JSON.parse(await readFile(join(out, 'kegcheck-report.json'), 'utf8')) as RunReport;
    expect(report.suites[0]?.suite.package).toEqual({ name: '@kegcheck-examples/vowelcounter-suite', version: '1.3.0' });
    expect(report.suites[0]?.suite.file).toContain(join(project, 'node_modules'));
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<property name="suite.package" value="@kegcheck-examples/vowelcounter-suite@1.3.0"');
    const ids = report.suites[0]?.plugins[0]?.checks.map((c) => `${c.id}=${c.status}`) ?? [];
    expect(ids).toContain('property:agrees with the reference keg=pass');
  });

  it('fails a keg that does not conform, and selects one suite by name', async () => {
    const bad = await cli(['run', '@kegcheck-examples/vowelcounter-suite/vowelcounter', VOWEL_BAD, '--seed', '7'], project);
    expect(bad.code, bad.err).toBe(1);
    expect(bad.out).toContain('uppercase AEIOU');
    const unknown = await cli(['run', '@kegcheck-examples/vowelcounter-suite/nope', VOWEL_GOOD], project);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('[suite-not-found]');
  });

  it('refuses a package without a kegcheck field with file and key; nothing runs', async () => {
    await run('mkdir', ['-p', join(project, 'node_modules/left-pad')]);
    await writeFile(join(project, 'node_modules/left-pad/package.json'), JSON.stringify({ name: 'left-pad', version: '1.3.0' }));
    const r = await cli(['run', 'left-pad', VOWEL_GOOD], project);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/node_modules\/left-pad\/package\.json \(kegcheck\): .*\[suite-package-invalid\]/);
    expect(r.out).toBe('');
  });
});

describe('from an installed kegcheck', () => {
  // The whole publishing path: kegcheck and the example suite package, each
  // `npm pack`ed, installed together into a fresh project (offline, from the npm
  // cache `npm ci` filled), and the installed kegcheck's own bin runs the suite by name.
  it('npx-style: the installed bin runs the installed suite package', async () => {
    const project = join(tmp.dir, 'installed');
    await mkdir(project, { recursive: true });
    const packs: string[] = [];
    for (const dir of [REPO, EXAMPLE]) {
      const { stdout } = await run('npm', ['pack', dir, '--pack-destination', tmp.dir, '--json'], { cwd: tmp.dir, env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 });
      packs.push(join(tmp.dir, (JSON.parse(stdout) as { filename: string }[])[0]?.filename ?? ''));
    }
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'installed-consumer', version: '1.0.0', private: true }));
    await run('npm', ['install', '--offline', '--ignore-scripts', ...packs], { cwd: project, env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 });
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/kegcheck/package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(project, 'node_modules/kegcheck', manifest.bin['kegcheck'] ?? '');
    const good = await run(process.execPath, [bin, 'run', '@kegcheck-examples/vowelcounter-suite', VOWEL_GOOD, '--seed', '5'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
    expect(good.stdout).toContain('kegs.testing.vowelcounter@1.3.0 (@kegcheck-examples/vowelcounter-suite@1.3.0)');
    expect(good.stdout).toContain('Verdict  PASS');
    await expect(run(process.execPath, [bin, 'run', '@kegcheck-examples/vowelcounter-suite', VOWEL_BAD, '--seed', '5'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } })).rejects.toMatchObject({ code: 1 });
  }, 240_000);
});
