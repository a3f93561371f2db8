// node --import tsx src/report/render.bench.ts: how long each reporter takes
// to render a large run, as a ratio to JSON.stringify of the same report
// measured in the same run (the machine is shared and noisy). Writes
// reports/bench-report.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CheckResult, PluginResult, RunReport, SuiteResult } from '../model/result.js';
import { summarize } from '../model/result.js';
import { renderHtmlReport } from './html-reporter.js';
import { renderJsonReport } from './json-reporter.js';
import { renderJunitReport } from './junit-reporter.js';
import { renderMarkdownSummary } from './markdown-reporter.js';

const PLUGINS = Number(process.env['BENCH_PLUGINS'] ?? 200);
const CHECKS = Number(process.env['BENCH_CHECKS'] ?? 50);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 9);

function check(i: number): CheckResult {
  const failing = i % 10 === 3;
  return {
    id: `case:${i}`,
    kind: i % 5 === 0 ? 'property' : 'case',
    name: `check number ${i}`,
    function: `fn${i % 6}`,
    status: failing ? 'fail' : 'pass',
    durationMs: 0.5,
    location: { file: 'conformance/big.suite.toml', line: 10 + i, column: 1 },
    ...(failing
      ? {
          message: 'output differs',
          diff: { expected: JSON.stringify({ count: i, items: Array.from({ length: 20 }, (_, k) => k) }, null, 2), actual: JSON.stringify({ count: i + 1, items: Array.from({ length: 20 }, (_, k) => k * 2) }, null, 2) },
          logs: [{ level: 'info', text: 'called' }],
        }
      : {}),
  };
}

function plugin(p: number): PluginResult {
  const checks = Array.from({ length: CHECKS }, (_, i) => check(i));
  return {
    keg: { name: `keg${p}`, version: '1.0.0', source: `kegs/keg${p}` },
    plugin: { name: 'main', type: 'bench.type', wasmSha256: 'a'.repeat(64) },
    checks,
    coverage: { functions: Array.from({ length: 6 }, (_, f) => ({ name: `fn${f}`, cases: 8, propertyRuns: 100, called: true })), hostFunctionsImported: [], hostFunctionsCalled: [], staticReads: [] },
    verdict: 'fail',
  };
}

const suites: SuiteResult[] = [{ suite: { file: 'conformance/big.suite.toml', type: 'bench.type', version: '1.0.0' }, plugins: Array.from({ length: PLUGINS }, (_, p) => plugin(p)) }];
const report: RunReport = {
  schemaVersion: 1,
  meta: { kegcheckVersion: '0', nodeVersion: process.version, extismVersion: '1.0.3', seed: 1, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:01:00.000Z' },
  suites,
  summary: summarize(suites),
};

function time(fn: () => string): number {
  const start = process.hrtime.bigint();
  const out = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.length === 0) throw new Error('empty output');
  return ms;
}

const candidates: Record<string, () => string> = {
  json: () => renderJsonReport(report),
  junit: () => renderJunitReport(report),
  markdown: () => renderMarkdownSummary(report),
  html: () => renderHtmlReport(report),
};
const best: Record<string, number> = { baseline: Infinity };
for (const name of Object.keys(candidates)) best[name] = Infinity;
time(() => JSON.stringify(report, null, 2));
for (const fn of Object.values(candidates)) time(fn);
// Alternate baseline and candidate; the best round of each is the least disturbed.
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(candidates)) {
    best['baseline'] = Math.min(best['baseline']!, time(() => JSON.stringify(report, null, 2)));
    best[name] = Math.min(best[name]!, time(fn));
  }
}
const rows = Object.keys(candidates).map((name) => ({ reporter: name, bestMs: Number(best[name]!.toFixed(1)), ratioToJsonStringify: Number((best[name]! / best['baseline']!).toFixed(2)) }));
const result = { plugins: PLUGINS, checksPerPlugin: CHECKS, checks: report.summary.checks, failing: report.summary.byStatus.fail, rounds: ROUNDS, baselineMs: Number(best['baseline']!.toFixed(1)), rows };
for (const row of rows) process.stdout.write(`${row.reporter.padEnd(9)} ${String(row.bestMs).padStart(8)} ms  ${row.ratioToJsonStringify}× JSON.stringify (${result.baselineMs} ms)\n`);
const out = fileURLToPath(new URL('../../reports/bench-report.json', import.meta.url));
await mkdir(fileURLToPath(new URL('../../reports/', import.meta.url)), { recursive: true });
await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${result.checks} checks (${result.failing} failing with diffs); wrote ${out}\n`);
