import type { RunReport, SuiteResult } from '../model/result.js';

/** A function the suite declares that no check of this keg × plugin called. */
export interface CoverageGap {
  readonly suite: SuiteResult['suite'];
  readonly keg: string;
  readonly kegSource: string;
  readonly plugin: string;
  readonly function: string;
  /** `warning` normally; `error` under `--require-coverage`. */
  readonly severity: 'warning' | 'error';
}

/** Declared functions never called, per keg × plugin, in report order. */
export function coverageGaps(report: RunReport, requireCoverage = false): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const fn of plugin.coverage.functions) {
        if (fn.called) continue;
        gaps.push({
          suite: suite.suite,
          keg: plugin.keg.name,
          kegSource: plugin.keg.source,
          plugin: plugin.plugin.name,
          function: fn.name,
          severity: requireCoverage ? 'error' : 'warning',
        });
      }
    }
  }
  return gaps;
}
