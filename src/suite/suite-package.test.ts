import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../build/_internals/make-temp-dir.js';
import { isKegcheckError } from '../kegcheck-error.js';
import { resolveSuiteSource, suiteNameOf } from './resolve-suite-source.js';
import { parseSuitePackageSpec, readSuitePackage } from './suite-package.js';

const SUITE = (type: string, version = '1.0.0'): string => `[suite]\ntype = "${type}"\nversion = "${version}"\n[[functions]]\nname = "f"\ninput = "string"\noutput = "json"\n`;

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir('suitepkg');
});
afterEach(() => tmp.cleanup());

async function put(path: string, text: string): Promise<string> {
  const full = join(tmp.dir, path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}

async function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}): Promise<void> {
  await put(join(dir, 'package.json'), JSON.stringify(json));
  for (const [path, text] of Object.entries(files)) await put(join(dir, path), text);
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; file?: string; keyPath?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    return { code: error.code, ...(error.location?.file === undefined ? {} : { file: error.location.file }), ...(error.location?.keyPath === undefined ? {} : { keyPath: error.location.keyPath }) };
  }
  throw new Error('expected a KegcheckError');
}

describe('parseSuitePackageSpec', () => {
  it('splits names, scopes and suite names', () => {
    expect(parseSuitePackageSpec('vowels-suite')).toEqual({ name: 'vowels-suite' });
    expect(parseSuitePackageSpec('vowels-suite/vowels')).toEqual({ name: 'vowels-suite', suite: 'vowels' });
    expect(parseSuitePackageSpec('@acme/vowels')).toEqual({ name: '@acme/vowels' });
    expect(parseSuitePackageSpec('@acme/vowels/v2')).toEqual({ name: '@acme/vowels', suite: 'v2' });
  });
  it('refuses what cannot be an npm name', () => {
    for (const bad of ['Vowels', '../x', './x', 'a/b/c', '@acme', 'x/..', '/abs', '']) expect(parseSuitePackageSpec(bad), bad).toBeUndefined();
  });
});

describe('readSuitePackage', () => {
  it('lists files and folders in declared order, folders expanded', async () => {
    await pkg('p', { name: 'p', version: '2.1.0', kegcheck: { suites: ['b.suite.toml', 'more/'] } }, {
      'b.suite.toml': SUITE('t.b'),
      'more/a.suite.toml': SUITE('t.a'),
      'more/deep/c.suite.toml': SUITE('t.c'),
    });
    const read = await readSuitePackage(join(tmp.dir, 'p'));
    expect(read.name).toBe('p');
    expect(read.version).toBe('2.1.0');
    expect(read.suites.map(suiteNameOf)).toEqual(['b', 'a', 'c']);
  });

  it('refuses a package without a kegcheck field, naming file and key', async () => {
    await pkg('p', { name: 'p', version: '1.0.0' });
    const error = await rejection(readSuitePackage(join(tmp.dir, 'p')));
    expect(error).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck' });
    expect(error.file).toMatch(/package\.json$/);
  });

  it('refuses suites that are not a non-empty array', async () => {
    await pkg('p', { name: 'p', version: '1.0.0', kegcheck: { suites: [] } });
    expect(await rejection(readSuitePackage(join(tmp.dir, 'p')))).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck.suites' });
  });

  it('refuses a suite path leaving the package, lexically or through a link', async () => {
    await put('outside/x.suite.toml', SUITE('t.x'));
    await pkg('p', { name: 'p', version: '1.0.0', kegcheck: { suites: ['ok.suite.toml', '../outside/x.suite.toml'] } }, { 'ok.suite.toml': SUITE('t.ok') });
    expect(await rejection(readSuitePackage(join(tmp.dir, 'p')))).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck.suites[1]' });

    await pkg('q', { name: 'q', version: '1.0.0', kegcheck: { suites: ['linked/'] } });
    await symlink(join(tmp.dir, 'outside'), join(tmp.dir, 'q/linked'));
    expect(await rejection(readSuitePackage(join(tmp.dir, 'q')))).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck.suites[0]' });

    await pkg('r', { name: 'r', version: '1.0.0', kegcheck: { suites: ['/etc/'] } });
    expect(await rejection(readSuitePackage(join(tmp.dir, 'r')))).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck.suites[0]' });
  });

  it('reports an entry that names nothing', async () => {
    await pkg('p', { name: 'p', version: '1.0.0', kegcheck: { suites: ['missing.suite.toml'] } });
    expect(await rejection(readSuitePackage(join(tmp.dir, 'p')))).toMatchObject({ code: 'suite-not-found', keyPath: 'kegcheck.suites[0]' });
  });
});

describe('resolveSuiteSource', () => {
  beforeEach(async () => {
    await pkg('node_modules/@acme/vowels', { name: '@acme/vowels', version: '1.4.2', kegcheck: { suites: ['suites/'] } }, {
      'suites/vowels.suite.toml': SUITE('acme.vowels'),
      'suites/strict.suite.toml': SUITE('acme.vowels.strict'),
    });
    await pkg('node_modules/plain', { name: 'plain', version: '1.0.0', main: 'index.js' });
    await mkdir(join(tmp.dir, 'project/sub'), { recursive: true });
  });

  it('finds an installed package from a nested working folder, as Node does', async () => {
    const source = await resolveSuiteSource('@acme/vowels', join(tmp.dir, 'project/sub'));
    expect(source.package).toMatchObject({ name: '@acme/vowels', version: '1.4.2' });
    expect(source.files.map(suiteNameOf)).toEqual(['strict', 'vowels']);
  });

  it('selects one suite by name', async () => {
    const source = await resolveSuiteSource('@acme/vowels/vowels', tmp.dir);
    expect(source.files.map(suiteNameOf)).toEqual(['vowels']);
    expect(await rejection(resolveSuiteSource('@acme/vowels/nope', tmp.dir))).toMatchObject({ code: 'suite-not-found', keyPath: 'kegcheck.suites' });
  });

  it('an existing path wins over a package name', async () => {
    await put('plain', SUITE('local.file'));
    const source = await resolveSuiteSource('plain', tmp.dir);
    expect(source.package).toBeUndefined();
    expect(source.files).toEqual([join(tmp.dir, 'plain')]);
  });

  it('a suite package folder given as a path uses its kegcheck field', async () => {
    await put('node_modules/@acme/vowels/suites/unlisted/ignored.suite.toml', SUITE('x.y'));
    await pkg('local', { name: 'local', version: '0.2.0', kegcheck: { suites: ['a.suite.toml'] } }, { 'a.suite.toml': SUITE('l.a'), 'extra.suite.toml': SUITE('l.b') });
    const source = await resolveSuiteSource('local', tmp.dir);
    expect(source.package?.version).toBe('0.2.0');
    expect(source.files.map(suiteNameOf)).toEqual(['a']);
  });

  it('refuses a package without a kegcheck field and a package that is not installed', async () => {
    expect(await rejection(resolveSuiteSource('plain', join(tmp.dir, 'project')))).toMatchObject({ code: 'suite-package-invalid', keyPath: 'kegcheck' });
    expect(await rejection(resolveSuiteSource('not-installed', join(tmp.dir, 'project')))).toMatchObject({ code: 'suite-not-found' });
  });
});

describe('loadSuiteSource', () => {
  it('loads every suite of a package, each carrying the package', async () => {
    const { loadSuiteSource } = await import('./load-suite-source.js');
    await pkg('node_modules/two', { name: 'two', version: '3.0.1', kegcheck: { suites: ['a.suite.toml', 'b.suite.toml'] } }, { 'a.suite.toml': SUITE('t.a'), 'b.suite.toml': 'not toml [' });
    const { package: from, results } = await loadSuiteSource('two', { cwd: tmp.dir });
    expect(from).toEqual({ name: 'two', version: '3.0.1' });
    expect(results.map((r) => r.kind)).toEqual(['ok', 'invalid']);
    expect(results[0]?.kind === 'ok' && results[0].suite.package).toEqual({ name: 'two', version: '3.0.1' });
  });
});

describe('packaged suites may not need files outside their package', () => {
  it('an oracle outside the package makes the suite invalid; fixtures outside are a warning', async () => {
    const { loadSuiteSource } = await import('./load-suite-source.js');
    await put('shared/oracle.js', 'export default () => ({});\n');
    const suite = SUITE('t.out');
    const withOracle = `${suite}[[properties]]\nfunction = "f"\ncheck = "oracle"\noracle = "../shared/oracle.js"\n`;
    await pkg('leaky', { name: 'leaky', version: '1.0.0', kegcheck: { suites: ['a.suite.toml'] } }, { 'a.suite.toml': withOracle });
    const { results } = await loadSuiteSource('leaky', { cwd: tmp.dir });
    expect(results[0]?.kind).toBe('invalid');
    expect(results[0]?.findings.find((f) => f.code === 'suite-package-path')).toMatchObject({ severity: 'error', location: { line: 8 } });

    const withFixture = SUITE('t.fix').replace('version = "1.0.0"\n', 'version = "1.0.0"\nfixtures = ["../shared"]\n');
    await pkg('fixturey', { name: 'fixturey', version: '1.0.0', kegcheck: { suites: ['a.suite.toml'] } }, { 'a.suite.toml': withFixture });
    const second = await loadSuiteSource('fixturey', { cwd: tmp.dir });
    expect(second.results[0]?.kind).toBe('ok');
    expect(second.results[0]?.findings.map((f) => `${f.code}:${f.severity}`)).toEqual(['suite-package-path:warning']);
  });
});
