import type { BenchmarkFigures } from '../../model/benchmark-result.js';
import type { CheckResult, PluginResult, RunReport, SuiteResult } from '../../model/result.js';
import { pluginLabel } from './report-walk.js';

// One benchmark check of a report, for the tables and the chart.
export interface BenchmarkRow {
  readonly suite: SuiteResult['suite'];
  readonly plugin: PluginResult;
  readonly check: CheckResult;
  /** Absent when the check did not measure (skip, error, timeout). */
  readonly figures: BenchmarkFigures | undefined;
}

export const BENCHMARK_HEADERS = ['plugin', 'benchmark', 'status', 'ratio', 'max ratio', 'p50 µs', 'p95 µs', 'ref p50 µs', 'ref p95 µs', 'calls', 'baseline'] as const;

// Every benchmark check of a report, in report order; none for a run without [[benchmarks]].
export function benchmarkRows(report: RunReport): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const check of plugin.checks) if (check.kind === 'benchmark') rows.push({ suite: suite.suite, plugin, check, figures: check.benchmark });
    }
  }
  return rows;
}

// 3 significant digits, as people read timings.
export function figure(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function ratioText(value: number | undefined): string {
  return value === undefined ? '–' : `${figure(value)}x`;
}

// The baseline column: the saved figure and whether this run regressed from it.
export function baselineText(figures: BenchmarkFigures | undefined): string {
  const b = figures?.baseline;
  if (b === undefined) return '–';
  const saved = b.metric === 'ratio' ? `${figure(b.saved)}x` : `${figure(b.saved)} µs`;
  return `${saved} ×${figure(b.threshold)}${b.regressed ? ' regressed' : ''}`;
}

// The row's cells, in BENCHMARK_HEADERS order (status as given, for the caller to colour).
export function benchmarkCells(row: BenchmarkRow): string[] {
  const f = row.figures;
  return [
    pluginLabel(row.plugin),
    row.check.name,
    row.check.status,
    ratioText(f?.ratio),
    ratioText(f?.budget.maxRatio),
    figure(f?.p50Us),
    `${figure(f?.p95Us)}${f?.budget.maxUsP95 === undefined ? '' : ` (max ${figure(f.budget.maxUsP95)})`}`,
    figure(f?.referenceP50Us),
    figure(f?.referenceP95Us),
    f === undefined ? '–' : `${f.rounds} × ${f.iterations}`,
    baselineText(f),
  ];
}

// One line of figures, for a check's details and JUnit's system-out.
export function benchmarkSummary(f: BenchmarkFigures): string {
  const parts = [
    ...(f.ratio === undefined ? [] : [`ratio ${ratioText(f.ratio)}${f.budget.maxRatio === undefined ? '' : ` (max ${ratioText(f.budget.maxRatio)})`}`]),
    `p50 ${figure(f.p50Us)} µs`,
    `p95 ${figure(f.p95Us)} µs${f.budget.maxUsP95 === undefined ? '' : ` (max ${figure(f.budget.maxUsP95)})`}`,
    ...(f.reference === undefined ? [] : [`reference ${f.reference} p50 ${figure(f.referenceP50Us)} µs, p95 ${figure(f.referenceP95Us)} µs`]),
    `${f.rounds} rounds × ${f.iterations} calls per side after ${f.warmup} warm-up, ${f.inputs} input${f.inputs === 1 ? '' : 's'}`,
    ...(f.baseline === undefined ? [] : [`baseline ${baselineText(f)} (${f.baseline.file})`]),
  ];
  return parts.join(' · ');
}

// Pads cells into aligned columns of plain text.
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd());
}
