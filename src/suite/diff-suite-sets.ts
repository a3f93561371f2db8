import { KegcheckError } from '../kegcheck-error.js';
import { bumpCovers, diffSuites, maxBump, shownBump, type Bump, type SuiteChange, type SuiteDiff } from './diff-suites.js';
import type { SuitePackageRef } from './suite-package.js';
import type { Suite } from './suite.js';

/** One side of `kegcheck diff`: the suites a file, folder or package gave, and the package if any. */
export interface SuiteSet {
  readonly label: string;
  readonly suites: readonly Suite[];
  readonly package?: SuitePackageRef;
}

/** Every change between two sets of suites, paired by plugin type, and the verdict. */
export interface SuiteSetDiff {
  readonly pairs: readonly SuiteDiff[];
  /** Suites of a type only one side has. */
  readonly removed: readonly Suite[];
  readonly added: readonly Suite[];
  readonly needed: Bump;
  /** Package versions, when both sides are suite packages. */
  readonly packages?: { readonly from: string; readonly to: string; readonly shown: Bump | 'downgrade'; readonly ok: boolean };
  /** Why the new version is not bumped enough (empty when it is). */
  readonly problems: readonly string[];
}

function byType(set: SuiteSet): Map<string, Suite> {
  const out = new Map<string, Suite>();
  for (const suite of set.suites) {
    const other = out.get(suite.type);
    if (other !== undefined) {
      throw new KegcheckError('diff-ambiguous', `${set.label} holds two suites of type ${suite.type} (${other.file} and ${suite.file}); compare one version against another`, { location: { file: suite.file } });
    }
    out.set(suite.type, suite);
  }
  return out;
}

function largest(changes: readonly SuiteChange[], level: Bump): SuiteChange | undefined {
  return changes.find((c) => c.level === level);
}

/**
 * Pairs the suites of `before` and `after` by type and diffs each pair. A
 * type's suite removed is a major change of the package, one added a minor
 * one. When both sides are packages, the package version must cover the
 * largest change too. Throws `diff-ambiguous` when one side has two suites of a type.
 */
export function diffSuiteSets(before: SuiteSet, after: SuiteSet): SuiteSetDiff {
  const old = byType(before);
  const next = byType(after);
  const pairs: SuiteDiff[] = [];
  const problems: string[] = [];
  let needed: Bump = 'none';
  for (const [type, suite] of next) {
    const previous = old.get(type);
    if (previous === undefined) continue;
    const d = diffSuites(previous, suite);
    pairs.push(d);
    needed = maxBump(needed, d.needed);
    if (!d.ok) {
      const why = largest(d.changes, d.needed);
      problems.push(
        d.shown === 'downgrade'
          ? `${type}: version went down from ${d.oldVersion} to ${d.newVersion}`
          : `${type}: ${d.oldVersion} → ${d.newVersion} is ${d.shown === 'none' ? 'no bump' : `a ${d.shown} bump`}, but "${why?.message ?? 'a change'}" needs a ${d.needed} bump`,
      );
    }
  }
  const removed = [...old.values()].filter((s) => !next.has(s.type));
  const added = [...next.values()].filter((s) => !old.has(s.type));
  if (removed.length > 0) needed = 'major';
  else if (added.length > 0) needed = maxBump(needed, 'minor');
  let packages: SuiteSetDiff['packages'];
  if (before.package !== undefined && after.package !== undefined) {
    const ok = bumpCovers(before.package.version, after.package.version, needed);
    packages = { from: before.package.version, to: after.package.version, shown: shownBump(before.package.version, after.package.version), ok };
    if (!ok) {
      const reason = removed[0] !== undefined ? `the suite of type ${removed[0].type} was removed` : added[0] !== undefined && needed === 'minor' && pairs.every((p) => p.needed !== 'minor') ? `a suite of type ${added[0].type} was added` : 'its suites changed';
      problems.push(`package ${after.package.name}: ${packages.from} → ${packages.to} is ${packages.shown === 'none' ? 'no bump' : packages.shown === 'downgrade' ? 'a downgrade' : `a ${packages.shown} bump`}, but ${reason}: it needs a ${needed} bump`);
    }
  } else if (removed.length > 0) {
    problems.push(`the suite of type ${removed[0]?.type ?? ''} was removed: only a new major version of a suite package may drop a type`);
  }
  return { pairs, removed, added, needed, ...(packages === undefined ? {} : { packages }), problems };
}
