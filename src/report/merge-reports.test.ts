import { describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import type { RunReport, SuiteResult } from '../model/result.js';
import { selectShard } from '../suite/shard.js';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { mergeReports } from './merge-reports.js';

/** Splits a report the way `--shard i/n` splits a run: by keg × plugin. */
function shardOf(report: RunReport, index: number, count: number, startedAt: string): RunReport {
  const suites: SuiteResult[] = report.suites
    .map((s) => ({ ...s, plugins: selectShard(s.plugins.map((p) => ({ keg: p.keg.source, plugin: p.plugin.name, suite: s.suite.file, p })), { index, count }).map((w) => w.p) }))
    .filter((s) => s.plugins.length > 0);
  return sampleReport(suites, { shard: { index, count }, startedAt });
}

function verdicts(report: RunReport): string[] {
  return report.suites
    .flatMap((s) => s.plugins.flatMap((p) => [`${s.suite.type}|${p.keg.source}|${p.plugin.name}=${p.verdict}`, ...p.checks.map((c) => `${s.suite.type}|${p.keg.source}|${p.plugin.name}|${c.id}=${c.status}`)]))
    .sort();
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isKegcheckError(error) ? error.code : 'not-a-kegcheck-error';
  }
}

describe('mergeReports', () => {
  const whole = sampleReport();
  const shards = [1, 2, 3].map((i) => shardOf(whole, i, 3, `2026-01-01T10:00:0${i}.000Z`));

  it('reproduces the unsharded verdicts and summary from 3 shards, in any input order', () => {
    expect(shards.every((s) => s.summary.plugins < whole.summary.plugins)).toBe(true);
    const forward = mergeReports(shards.map((report, i) => ({ file: `shard-${i + 1}.json`, report })));
    const backward = mergeReports(shards.map((report, i) => ({ file: `shard-${i + 1}.json`, report })).reverse());
    expect(forward.warnings).toEqual([]);
    expect(verdicts(forward.report)).toEqual(verdicts(whole));
    expect(forward.report.summary).toEqual(whole.summary);
    expect(backward.report).toEqual(forward.report);
    expect(forward.report.meta.shard).toBeUndefined();
    expect(forward.report.meta.startedAt).toBe('2026-01-01T10:00:01.000Z');
  });

  it('warns about a missing shard and differing seeds but still merges', () => {
    const other = { ...shards[2]!, meta: { ...shards[2]!.meta, seed: 99 } };
    const { report, warnings } = mergeReports([{ file: 'a.json', report: shards[0]! }, { file: 'c.json', report: other }]);
    expect(warnings).toEqual(['shard 2/3 missing: the merged report covers only part of the run', 'the shards ran with different seeds (1234, 99); the merged report shows 1234']);
    expect(report.summary.plugins).toBe(shards[0]!.summary.plugins + shards[2]!.summary.plugins);
  });

  it('rejects reports of different suite versions', () => {
    const suites = sampleSuites();
    const newer = sampleReport([{ ...suites[0]!, suite: { ...suites[0]!.suite, version: '1.1.0' }, plugins: [suites[0]!.plugins[0]!] }]);
    const older = sampleReport([{ ...suites[0]!, plugins: [suites[0]!.plugins[1]!] }]);
    try {
      mergeReports([{ file: 'old.json', report: older }, { file: 'new.json', report: newer }]);
      expect.unreachable();
    } catch (error) {
      expect(isKegcheckError(error) && error.code).toBe('merge-suite-version');
      expect((error as Error).message).toBe('suite kegs.testing.echo is version 1.1.0 in new.json but 1.0.0 in old.json: merge only reports of the same suite version');
    }
  });

  it('rejects overlapping shards and mixed splits', () => {
    expect(codeOf(() => mergeReports([{ file: 'a', report: whole }, { file: 'b', report: whole }]))).toBe('merge-duplicate-plugin');
    expect(codeOf(() => mergeReports([{ file: 'a', report: shards[0]! }, { file: 'b', report: shards[0]! }]))).toBe('merge-shard-mismatch');
    const twoWay = shardOf(whole, 2, 2, '2026-01-01T10:00:00.000Z');
    expect(codeOf(() => mergeReports([{ file: 'a', report: shards[0]! }, { file: 'b', report: twoWay }]))).toBe('merge-shard-mismatch');
    expect(codeOf(() => mergeReports([]))).toBe('merge-no-input');
  });
});
