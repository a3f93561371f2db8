import { readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { findSuiteFiles } from './find-suite-files.js';

/** The npm package a suite came from, as reports name it. */
export interface SuitePackageRef {
  readonly name: string;
  readonly version: string;
}

/** A suite package: an npm package whose package.json has `"kegcheck": { "suites": [...] }`. */
export interface SuitePackage extends SuitePackageRef {
  /** Absolute, real path of the package folder. */
  readonly root: string;
  /** Absolute path of its package.json. */
  readonly manifest: string;
  /** Absolute paths of every suite file it publishes, in the order declared (folders expanded, sorted). */
  readonly suites: readonly string[];
}

// npm's rules for a package name (validate-npm-package-name, new packages): lower case, url-safe, optional scope.
const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/**
 * Splits `name`, `@scope/name`, `name/suite` or `@scope/name/suite` into the
 * package name and the suite asked for (a suite file's name without
 * `.suite.toml`). Undefined when the text cannot be an npm package name.
 */
export function parseSuitePackageSpec(spec: string): { name: string; suite?: string } | undefined {
  const parts = spec.split('/');
  const scoped = spec.startsWith('@');
  const nameParts = scoped ? 2 : 1;
  if (parts.length < nameParts || parts.length > nameParts + 1) return undefined;
  const name = parts.slice(0, nameParts).join('/');
  if (!NAME.test(name) || name.length > 214) return undefined;
  const suite = parts[nameParts];
  if (suite === undefined) return { name };
  if (suite === '' || suite === '.' || suite === '..') return undefined;
  return { name, suite };
}

/**
 * The folder of an installed package, found as Node finds `require(name)`
 * from `cwd`: every `node_modules` from `cwd` up to the root, then NODE_PATH
 * and the global folders. The package's `exports` are not consulted, since a
 * suite package need not export anything.
 */
export async function locateSuitePackage(name: string, cwd: string): Promise<string | undefined> {
  const require = createRequire(join(resolve(cwd), '__kegcheck_resolve__.js'));
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = join(dir, name);
    try {
      if ((await stat(join(candidate, 'package.json'))).isFile()) return candidate;
    } catch {
      // Not in this folder: Node goes on to the next one too.
    }
  }
  return undefined;
}

function invalid(manifest: string, keyPath: string, message: string): KegcheckError {
  return new KegcheckError('suite-package-invalid', message, { location: { file: manifest, keyPath } });
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Reads a suite package's package.json and lists its suites. Throws
 * KegcheckError `suite-package-invalid` (file and key path) when the
 * `kegcheck` field is missing or malformed, or an entry of
 * `kegcheck.suites` leaves the package (`..`, an absolute path or a symbolic
 * link pointing outside), and `suite-not-found` when an entry names nothing.
 */
export async function readSuitePackage(dir: string): Promise<SuitePackage> {
  const root = await realpath(dir);
  const manifest = join(root, 'package.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifest, 'utf8'));
  } catch (error) {
    throw new KegcheckError('suite-package-invalid', `cannot read package.json: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`, {
      location: { file: manifest },
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(manifest, '', 'package.json must hold a JSON object');
  const pkg = json as Record<string, unknown>;
  const name = typeof pkg['name'] === 'string' ? pkg['name'] : undefined;
  if (name === undefined) throw invalid(manifest, 'name', 'a suite package needs a "name"');
  const version = typeof pkg['version'] === 'string' ? pkg['version'] : undefined;
  if (version === undefined) throw invalid(manifest, 'version', 'a suite package needs a "version"');
  const field = pkg['kegcheck'];
  if (field === undefined) {
    throw invalid(manifest, 'kegcheck', `package ${name} is not a suite package: its package.json has no "kegcheck": { "suites": [...] } field`);
  }
  if (typeof field !== 'object' || field === null || Array.isArray(field)) throw invalid(manifest, 'kegcheck', '"kegcheck" must be an object with a "suites" array');
  const entries = (field as Record<string, unknown>)['suites'];
  if (!Array.isArray(entries) || entries.length === 0) throw invalid(manifest, 'kegcheck.suites', '"kegcheck.suites" must be a non-empty array of suite files or folders, relative to the package');
  const suites: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const keyPath = `kegcheck.suites[${index}]`;
    if (typeof entry !== 'string' || entry === '') throw invalid(manifest, keyPath, 'each entry of "kegcheck.suites" must be a non-empty path string');
    if (isAbsolute(entry) || entry.includes('\\')) throw invalid(manifest, keyPath, `'${entry}' must be a relative path with / separators inside the package`);
    const lexical = resolve(root, entry);
    if (!inside(root, lexical)) throw invalid(manifest, keyPath, `'${entry}' leaves the package folder`);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw new KegcheckError('suite-not-found', `'${entry}' names no file or folder in package ${name}`, { location: { file: manifest, keyPath } });
    }
    if (!inside(root, real)) throw invalid(manifest, keyPath, `'${entry}' leads outside the package folder through a symbolic link`);
    for (const file of await findSuiteFiles(real)) {
      const realFile = await realpath(file);
      if (!inside(root, realFile)) throw invalid(manifest, keyPath, `${relative(root, file)} leads outside the package folder through a symbolic link`);
      if (!suites.includes(file)) suites.push(file);
    }
  }
  return { name, version, root, manifest, suites };
}
