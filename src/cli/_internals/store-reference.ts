import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import type { PackageStore } from '../../keg/package-store.js';

/**
 * The reference keg for `matches_reference` as `--reference` names it: a keg
 * folder or `.keg` path, else a package of the store (`--store` dirs first),
 * so a store run can compare every implementation with one of its own kegs.
 */
export async function resolveStoreReference(arg: string, store: PackageStore, cwd: string): Promise<string> {
  const path = resolve(cwd, arg);
  if (existsSync(path)) return path;
  const located = await store.locate(arg);
  if (located !== undefined) return located;
  throw new KegcheckError('reference-not-found', `--reference '${arg}' is neither a keg path nor a package in the store (${store.dirs.join(', ')})`, {
    location: { file: arg },
  });
}
