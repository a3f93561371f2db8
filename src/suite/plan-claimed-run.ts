import { join, relative } from 'node:path';
import { semver } from '../_internals/lazy-semver.js';
import type { Finding } from '../finding.js';
import { conformanceClaims } from '../keg/conformance-claims.js';
import type { KegPlugin } from '../keg/keg.js';
import type { ClaimOutcome } from '../model/result.js';
import type { SuiteTarget } from './run-suite.js';
import { planRun, type SuitePlan } from './run-suites.js';
import type { Suite } from './suite.js';

/** A run's plans, the targets no suite takes, and what became of each plugin's claims. */
export interface ClaimedPlan {
  readonly plans: SuitePlan[];
  readonly unmatched: SuiteTarget[];
  /** One entry per plugin and claim (or per plugin without claims: `range` undefined, the newest suite). */
  readonly claims: ClaimOutcome[];
  /** `conforms-unsatisfied` for each claim no given suite satisfies. */
  readonly findings: Finding[];
}

/**
 * The errors in the `conforms` claims of the targeted plugins (a range semver
 * cannot read, an entry not of the form type@range), as loading the keg found
 * them. A run must not guess what a broken claim meant: callers run nothing
 * when this is not empty.
 */
export function invalidClaims(targets: readonly SuiteTarget[]): Finding[] {
  const seen = new Set<Finding>();
  for (const t of targets) {
    for (const f of t.keg.findings) {
      const aboutClaims = f.code === 'conforms-range' || (f.code === 'schema' && /^conforms(\[|$)/.test(f.location.keyPath ?? ''));
      if (f.severity === 'error' && aboutClaims) seen.add(f);
    }
  }
  return [...seen];
}

function pluginsOf(target: SuiteTarget, type: string): KegPlugin[] {
  return target.keg.plugins.filter((p) => p.type === type && (target.plugin === undefined || target.plugin === p.name));
}

/**
 * Pairs plugins with suites by their conformance claims. When every suite
 * type is given once and no plugin of those types claims anything, this is
 * planRun exactly. Otherwise each plugin runs against, per claim in its
 * metadata.toml `conforms`, the newest given suite version of its type the
 * claim's range allows; a plugin with no claim for its type runs against the
 * newest given version that is not a prerelease (a prerelease only when all
 * are; claims reach prereleases as npm ranges do, e.g. `^2.0.0-rc`). A claim no given suite satisfies becomes a
 * `conforms-unsatisfied` finding (and that claim selects nothing).
 */
export function planClaimedRun(suites: readonly Suite[], targets: readonly SuiteTarget[]): ClaimedPlan {
  const byType = new Map<string, Suite[]>();
  for (const suite of suites) byType.set(suite.type, [...(byType.get(suite.type) ?? []), suite]);
  const anyClaims = targets.some((t) => [...byType.keys()].some((type) => pluginsOf(t, type).some((p) => conformanceClaims(p.metadata).some((c) => c.type === type))));
  if (!anyClaims && [...byType.values()].every((list) => list.length === 1)) return { ...planRun(suites, targets), claims: [], findings: [] };

  const selected = new Map<Suite, SuiteTarget[]>();
  const claims: ClaimOutcome[] = [];
  const findings: Finding[] = [];
  const taken = new Set<SuiteTarget>();
  for (const [type, list] of byType) {
    const byVersion = new Map(list.map((s) => [s.version, s]));
    const versions = [...byVersion.keys()];
    // As npm's `latest`: a prerelease is the default only when nothing else is given.
    const sorted = semver().rsort([...versions]);
    const newest = sorted.find((v) => semver().prerelease(v) === null) ?? sorted[0];
    for (const target of targets) {
      for (const plugin of pluginsOf(target, type)) {
        taken.add(target);
        const base = { keg: target.keg.name, kegSource: target.keg.source, plugin: plugin.name, type };
        const pick = (version: string | undefined): void => {
          const suite = version === undefined ? undefined : byVersion.get(version);
          if (suite === undefined) return;
          const list2 = selected.get(suite) ?? [];
          if (!list2.some((t) => t.keg === target.keg && t.plugin === plugin.name)) list2.push({ keg: target.keg, plugin: plugin.name });
          selected.set(suite, list2);
        };
        const mine = conformanceClaims(plugin.metadata).filter((c) => c.type === type);
        if (mine.length === 0) {
          pick(newest);
          claims.push({ ...base, ...(newest === undefined ? {} : { suiteVersion: newest }) });
          continue;
        }
        for (const claim of mine) {
          const version = semver().maxSatisfying(versions, claim.range) ?? undefined;
          pick(version);
          claims.push({ ...base, range: claim.range, ...(version === undefined ? {} : { suiteVersion: version }) });
          if (version === undefined) {
            findings.push({
              code: 'conforms-unsatisfied',
              severity: 'error',
              message: `${target.keg.name}:${plugin.name} claims ${type}@${claim.range}, but no given suite satisfies it (given: ${semver().sort([...versions]).join(', ')})`,
              expected: `a suite of ${type} whose [suite] version is in ${claim.range}`,
              // Named as the user named the keg (a .keg is extracted into a temp folder).
              location: { file: join(target.keg.source, relative(target.keg.root, plugin.dir), 'metadata.toml'), pointer: `/conforms/${claim.index}`, keyPath: `conforms[${claim.index}]` },
            });
          }
        }
      }
    }
  }
  const plans = suites.flatMap((suite) => {
    const mine = selected.get(suite);
    return mine === undefined ? [] : [{ suite, targets: mine }];
  });
  return { plans, unmatched: targets.filter((t) => !taken.has(t)), claims, findings };
}
