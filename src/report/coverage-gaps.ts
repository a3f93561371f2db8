import type { PluginResult, RunReport, SuiteResult } from '../model/result.js';

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
  return report.suites.flatMap((suite) => suite.plugins.flatMap((plugin) => pluginCoverageGaps(suite.suite, plugin, requireCoverage)));
}

/** Declared functions one keg × plugin never called (what coverageGaps lists for it). */
export function pluginCoverageGaps(suite: SuiteResult['suite'], plugin: PluginResult, requireCoverage = false): CoverageGap[] {
  return plugin.coverage.functions
    .filter((fn) => !fn.called)
    .map((fn) => ({
      suite,
      keg: plugin.keg.name,
      kegSource: plugin.keg.source,
      plugin: plugin.plugin.name,
      function: fn.name,
      severity: requireCoverage ? 'error' : 'warning',
    }));
}
