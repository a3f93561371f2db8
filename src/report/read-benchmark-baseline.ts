import { KegcheckError } from '../kegcheck-error.js';
import type { BenchmarkBaseline, BenchmarkFigures } from '../model/benchmark-result.js';
import { DEFAULT_BASELINE_THRESHOLD } from './baseline-threshold.js';
import { readReportFile } from './read-report-file.js';

export { DEFAULT_BASELINE_THRESHOLD };

/**
 * Reads the benchmark figures of a saved JSON report (a file, or a folder
 * holding kegcheck-report.json) for `kegcheck run --baseline`. Throws
 * KegcheckError `report-read`, `report-invalid-json` or `report-invalid`
 * (see readReportFile), or `baseline-empty` when the report holds no
 * measured benchmark.
 */
export async function readBenchmarkBaseline(path: string, threshold: number = DEFAULT_BASELINE_THRESHOLD): Promise<BenchmarkBaseline> {
  const report = await readReportFile(path);
  const figures = new Map<string, BenchmarkFigures>();
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const check of plugin.checks) {
        if (check.kind === 'benchmark' && check.benchmark !== undefined) figures.set(keyOf(suite.suite.type, plugin.keg.name, plugin.plugin.name, check.id), check.benchmark);
      }
    }
  }
  if (figures.size === 0) {
    throw new KegcheckError('baseline-empty', `baseline ${path} holds no measured benchmark (a JSON report of a run with [[benchmarks]], without --coverage)`, { location: { file: path } });
  }
  return {
    file: path,
    threshold,
    find: (key) => figures.get(keyOf(key.suiteType, key.keg, key.plugin, key.checkId)),
  };
}

function keyOf(suiteType: string, keg: string, plugin: string, checkId: string): string {
  return JSON.stringify([suiteType, keg, plugin, checkId]);
}
