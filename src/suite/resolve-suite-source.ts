import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { findSuiteFiles } from './find-suite-files.js';
import { locateSuitePackage, parseSuitePackageSpec, readSuitePackage, type SuitePackage } from './suite-package.js';

/** The suite files a suite argument names, and the package they come from, if any. */
export interface SuiteSource {
  readonly files: readonly string[];
  readonly package?: SuitePackage;
}

const SUFFIX = '.suite.toml';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function hasKegcheckField(dir: string): Promise<boolean> {
  const manifest = join(dir, 'package.json');
  if (!(await isFile(manifest))) return false;
  try {
    const json = JSON.parse(await readFile(manifest, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'kegcheck' in json;
  } catch {
    return false;
  }
}

/** A suite's name within its package: the file name without `.suite.toml`. */
export function suiteNameOf(file: string): string {
  const name = basename(file);
  return name.endsWith(SUFFIX) ? name.slice(0, -SUFFIX.length) : name;
}

/**
 * Resolves what `kegcheck run`, `kegSuite()` and `kegcheck diff` accept as a
 * suite: a suite file; a folder (a suite package's folder, with a
 * `kegcheck` field in its package.json, gives that package's suites, any
 * other folder every `*.suite.toml` below it); or, when no such path exists,
 * an installed suite package `name`, `@scope/name`, `name/<suite>` resolved
 * with Node's resolution from `cwd`. Throws KegcheckError `suite-not-found`,
 * `suite-package-invalid`.
 */
export async function resolveSuiteSource(arg: string, cwd: string): Promise<SuiteSource> {
  const path = resolve(cwd, arg);
  let exists = true;
  try {
    await stat(path);
  } catch {
    exists = false;
  }
  if (exists) {
    if (!(await isFile(path)) && (await hasKegcheckField(path))) {
      const pkg = await readSuitePackage(path);
      return { files: pkg.suites, package: pkg };
    }
    return { files: await findSuiteFiles(path, cwd) };
  }
  const spec = parseSuitePackageSpec(arg);
  const dir = spec === undefined ? undefined : await locateSuitePackage(spec.name, cwd);
  if (spec === undefined || dir === undefined) {
    throw new KegcheckError(
      'suite-not-found',
      spec === undefined ? `no suite file or folder at ${path}` : `no suite file or folder at ${path}, and no installed package '${spec.name}' is found from ${resolve(cwd)} (npm install it first)`,
      { location: { file: arg } },
    );
  }
  const pkg = await readSuitePackage(dir);
  if (spec.suite === undefined) return { files: pkg.suites, package: pkg };
  const chosen = pkg.suites.filter((file) => suiteNameOf(file) === spec.suite);
  if (chosen.length === 0) {
    throw new KegcheckError('suite-not-found', `package ${pkg.name}@${pkg.version} has no suite named '${spec.suite}' (it has: ${pkg.suites.map(suiteNameOf).join(', ')})`, {
      location: { file: pkg.manifest, keyPath: 'kegcheck.suites' },
    });
  }
  return { files: chosen, package: pkg };
}
