import { createRequire } from 'node:module';
import type * as Semver from 'semver';

const require = createRequire(import.meta.url);
let loaded: typeof Semver | undefined;

/**
 * The semver package, loaded at first use: it is ~50 modules, and most runs
 * (no `conforms` claims, one version of each suite) never compare a version.
 */
export function semver(): typeof Semver {
  loaded ??= require('semver') as typeof Semver;
  return loaded;
}
