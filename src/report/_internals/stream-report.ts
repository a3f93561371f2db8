// Test helper: feeds a finished report to a reporter the way runSuites does
// (onStart, onSuiteStart and onPluginResult per result, in order), then calls
// onEnd with the report's suites emptied, as a run that keeps no results
// (`keepResults: 'none'`) hands it over, or whole with `keep`.
import type { RunReport } from '../../model/result.js';
import type { Reporter } from '../../model/reporter.js';

export async function streamReport(reporter: Reporter, report: RunReport, keep = false): Promise<string[]> {
  const total = report.suites.reduce((n, s) => n + s.plugins.length, 0);
  reporter.onStart?.({
    totalPlugins: total,
    seed: report.meta.seed,
    suites: report.suites.map((s) => s.suite),
    ...(report.meta.shard === undefined ? {} : { shard: report.meta.shard }),
    startedAt: report.meta.startedAt,
    ...(report.meta.hostname === undefined ? {} : { hostname: report.meta.hostname }),
  });
  for (const suite of report.suites) {
    const meta = { ...suite.suite };
    reporter.onSuiteStart?.(meta);
    for (const plugin of suite.plugins) reporter.onPluginResult?.(meta, plugin);
  }
  return reporter.onEnd(keep ? report : { ...report, suites: report.suites.map((s) => ({ suite: s.suite, plugins: [] })) });
}
