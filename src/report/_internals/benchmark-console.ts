import type pc from 'picocolors';
import { isFailing } from '../../model/result.js';
import { alignColumns, BENCHMARK_HEADERS, benchmarkCells, type BenchmarkRow } from './benchmark-rows.js';
import { safeText } from './plain-text.js';

type Colors = ReturnType<typeof pc.createColors>;

// The console's Benchmarks table; nothing for a run without benchmark checks.
export function renderBenchmarksConsole(rows: readonly BenchmarkRow[], c: Colors): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) => benchmarkCells(row).map((cell) => safeText(cell, 120)));
  const lines = alignColumns([[...BENCHMARK_HEADERS], ...cells]);
  const out = ['', c.bold('Benchmarks'), ` ${c.dim(lines[0] ?? '')}`];
  rows.forEach((row, i) => {
    const line = lines[i + 1] ?? '';
    out.push(` ${isFailing(row.check.status) ? c.red(line) : row.check.status === 'pass' ? line : c.yellow(line)}`);
  });
  return `${out.join('\n')}\n`;
}
