import type { KegcheckErrorCode } from '../kegcheck-error-code.js';
import { resolve } from 'node:path';
import type { Finding } from '../finding.js';
import { isKegcheckError, type SourceLocation } from '../kegcheck-error.js';
import type { Keg } from './keg.js';
import { KEG_REFUSAL_CODES, loadKeg, type LoadKegOptions } from './load-keg.js';
import type { PackageStore } from './package-store.js';
import { pathExists } from './_internals/stat-or-undefined.js';

/** The outcome of validating one keg; only the CLI turns it into an exit code. */
export type KegValidation =
  | {
      readonly status: 'clean' | 'findings';
      readonly source: string;
      readonly name: string;
      readonly version: string;
      readonly kind: Keg['kind'];
      readonly plugins: ReadonlyArray<{ name: string; type: string; exports: string[] }>;
      /** Errors and warnings; status is 'findings' when at least one is an error. */
      readonly findings: readonly Finding[];
    }
  | {
      /** The keg was refused before its manifest could be read (unsafe zip, not a zip, nested...). */
      readonly status: 'refused';
      readonly source: string;
      readonly findings: readonly Finding[];
    }
  | {
      /** Could not be read at all (not found, permissions, unknown package). */
      readonly status: 'error';
      readonly source: string;
      readonly error: { readonly code: KegcheckErrorCode; readonly message: string; readonly location?: SourceLocation };
    };

/**
 * Validates a keg named by a folder, a `.keg` file, a store package or a
 * `package:plugin` name. Never throws for bad input: refusals become
 * findings, unreadable input an 'error' result.
 */
export async function validateKeg(source: string, options: { store?: PackageStore; load?: LoadKegOptions } = {}): Promise<KegValidation> {
  let keg: Keg | undefined;
  try {
    keg = await open(source, options);
    const findings = keg.findings;
    return {
      status: findings.some((f) => f.severity === 'error') ? 'findings' : 'clean',
      source,
      name: keg.name,
      version: keg.version,
      kind: keg.kind,
      plugins: keg.plugins.map((p) => ({ name: p.name, type: p.type, exports: p.exports.filter((e) => e.kind === 'function').map((e) => e.name) })),
      findings,
    };
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    if (KEG_REFUSAL_CODES.has(error.code)) {
      return {
        status: 'refused',
        source,
        findings: [{ code: error.code, severity: 'error', message: error.message, location: error.location ?? { file: source } }],
      };
    }
    return {
      status: 'error',
      source,
      error: { code: error.code, message: error.message, ...(error.location === undefined ? {} : { location: error.location }) },
    };
  } finally {
    await keg?.dispose();
  }
}

async function open(source: string, options: { store?: PackageStore; load?: LoadKegOptions }): Promise<Keg> {
  const onDisk = await pathExists(resolve(options.load?.cwd ?? process.cwd(), source));
  if (onDisk || options.store === undefined) return loadKeg(source, options.load);
  if (source.includes(':')) return (await options.store.resolve(source)).keg;
  const path = await options.store.locate(source);
  // Not in the store either: let loadKeg report the missing path.
  return loadKeg(path ?? source, options.load);
}
