import { mergeGuestCoverage } from './merge-guest-coverage.js';
import { KegcheckError } from '../kegcheck-error.js';
import type { PluginResult, RunMeta, RunReport, SuiteResult } from '../model/result.js';
import { summarize } from '../model/result.js';

/** A report to merge and where it came from (for messages). */
export interface MergeInput {
  readonly file: string;
  readonly report: RunReport;
}

export interface MergeOutcome {
  readonly report: RunReport;
  /** Things worth telling the user that do not stop the merge (a missing shard, differing seeds). */
  readonly warnings: readonly string[];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pluginKey(plugin: PluginResult): string {
  return `${plugin.keg.source}\u0000${plugin.plugin.name}`;
}

/**
 * Merges shard reports of one run into a single report: suites are joined by
 * type (all inputs must agree on each suite's version), keg × plugin results
 * are concatenated in a fixed order (keg source, plugin name) and the summary
 * is recomputed. Throws KegcheckError `merge-no-input`,
 * `merge-suite-version`, `merge-duplicate-plugin` or `merge-shard-mismatch`.
 */
export function mergeReports(inputs: readonly MergeInput[], argv?: readonly string[]): MergeOutcome {
  if (inputs.length === 0) throw new KegcheckError('merge-no-input', 'nothing to merge: name at least one JSON report');
  const warnings: string[] = [];
  // Shard order when known, else file name: the result must not depend on glob order.
  const ordered = [...inputs].sort((a, b) => (a.report.meta.shard?.index ?? 0) - (b.report.meta.shard?.index ?? 0) || compare(a.file, b.file));

  const counts = new Set(ordered.map((i) => i.report.meta.shard?.count).filter((c) => c !== undefined));
  if (counts.size > 1) {
    throw new KegcheckError('merge-shard-mismatch', `the reports come from different shard splits (${[...counts].map((c) => `n=${c}`).join(', ')}): merge only the shards of one run`);
  }
  const seenShards = new Map<number, string>();
  for (const input of ordered) {
    const shard = input.report.meta.shard;
    if (shard === undefined) continue;
    const other = seenShards.get(shard.index);
    if (other !== undefined) throw new KegcheckError('merge-shard-mismatch', `shard ${shard.index}/${shard.count} appears twice: ${other} and ${input.file}`, { location: { file: input.file } });
    seenShards.set(shard.index, input.file);
  }
  const [count] = [...counts];
  if (count !== undefined) {
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seenShards.has(i));
    if (missing.length > 0) warnings.push(`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged report covers only part of the run`);
  }
  const seeds = new Set(ordered.map((i) => i.report.meta.seed));
  if (seeds.size > 1) warnings.push(`the shards ran with different seeds (${[...seeds].join(', ')}); the merged report shows ${ordered[0]!.report.meta.seed}`);
  const versions = new Set(ordered.map((i) => i.report.meta.kegcheckVersion));
  if (versions.size > 1) warnings.push(`the shards ran different kegcheck versions (${[...versions].join(', ')})`);

  const suites = new Map<string, { suite: SuiteResult['suite']; from: string; plugins: Map<string, { plugin: PluginResult; from: string }> }>();
  for (const input of ordered) {
    for (const suite of input.report.suites) {
      let entry = suites.get(suite.suite.type);
      if (entry === undefined) {
        entry = { suite: suite.suite, from: input.file, plugins: new Map() };
        suites.set(suite.suite.type, entry);
      } else if (entry.suite.version !== suite.suite.version) {
        throw new KegcheckError(
          'merge-suite-version',
          `suite ${suite.suite.type} is version ${entry.suite.version} in ${entry.from} but ${suite.suite.version} in ${input.file}: merge only reports of the same suite version`,
          { location: { file: input.file } },
        );
      }
      for (const plugin of suite.plugins) {
        const key = pluginKey(plugin);
        const previous = entry.plugins.get(key);
        if (previous !== undefined) {
          throw new KegcheckError(
            'merge-duplicate-plugin',
            `${plugin.keg.name}:${plugin.plugin.name} (${plugin.keg.source}) for suite ${suite.suite.type} is in both ${previous.from} and ${input.file}: were the shards run with different --shard settings?`,
            { location: { file: input.file } },
          );
        }
        entry.plugins.set(key, { plugin, from: input.file });
      }
    }
  }

  const merged: SuiteResult[] = [...suites.values()].map((entry) => ({
    suite: entry.suite,
    plugins: [...entry.plugins.entries()].sort(([a], [b]) => compare(a, b)).map(([, v]) => v.plugin),
  }));
  const first = ordered[0]!.report.meta;
  const hostnames = new Set(ordered.map((i) => i.report.meta.hostname));
  const meta: RunMeta = {
    kegcheckVersion: first.kegcheckVersion,
    nodeVersion: first.nodeVersion,
    extismVersion: first.extismVersion,
    seed: first.seed,
    startedAt: ordered.map((i) => i.report.meta.startedAt).sort(compare)[0]!,
    finishedAt: ordered.map((i) => i.report.meta.finishedAt).sort(compare).at(-1)!,
    ...(hostnames.size === 1 && first.hostname !== undefined ? { hostname: first.hostname } : {}),
    ...(argv === undefined ? {} : { argv }),
  };
  const guestCoverage = mergeGuestCoverage(ordered.map((i) => i.report.guestCoverage));
  return { report: { schemaVersion: 1, meta, suites: merged, summary: summarize(merged), ...(guestCoverage === undefined ? {} : { guestCoverage }) }, warnings };
}
