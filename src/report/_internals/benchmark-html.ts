import type { RunReport } from '../../model/result.js';
import { isFailing } from '../../model/result.js';
import { BENCHMARK_HEADERS, benchmarkCells, benchmarkRows, figure, type BenchmarkRow } from './benchmark-rows.js';
import { truncate } from './plain-text.js';

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 300;
const PLOT_WIDTH = 420;
const RIGHT_TEXT = 150;

// The HTML report's Benchmarks section: a chart of each benchmark's median
// ratio against its max_ratio (inline SVG, log scale: 1x, 2x and 40x stay
// readable side by side) and the table of figures; nothing for a run without
// benchmark checks. `esc` escapes text for HTML.
export function renderBenchmarksHtml(report: RunReport, esc: (text: string) => string): string {
  const rows = benchmarkRows(report);
  if (rows.length === 0) return '';
  const out = ['<h2 id="benchmarks-heading">Benchmarks</h2>', benchmarkChart(rows, esc)];
  out.push(`<table class="benchmark-table"><thead><tr>${BENCHMARK_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const row of rows) {
    const cells = benchmarkCells(row);
    out.push(`<tr data-check="${esc(row.check.id)}" data-keg="${esc(row.plugin.keg.source)}" data-status="${row.check.status}">${cells.map((c) => `<td>${esc(truncate(c, 300))}</td>`).join('')}</tr>`);
  }
  out.push('</tbody></table>');
  return out.join('\n');
}

function benchmarkChart(rows: readonly BenchmarkRow[], esc: (text: string) => string): string {
  const values = rows.flatMap((r) => [r.figures?.ratio, r.figures?.budget.maxRatio]).filter((v): v is number => v !== undefined && v > 0);
  // Log scale from below the smallest figure to above the largest, always spanning 1x.
  const low = Math.min(0.5, ...values.map((v) => v / 1.5));
  const high = Math.max(2, ...values.map((v) => v * 1.5));
  const x = (v: number): number => LABEL_WIDTH + (Math.log(v / low) / Math.log(high / low)) * PLOT_WIDTH;
  const width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_TEXT;
  const height = rows.length * ROW_HEIGHT + 24;
  const parts: string[] = [];
  parts.push(`<line x1="${x(1).toFixed(1)}" y1="0" x2="${x(1).toFixed(1)}" y2="${height - 18}" stroke="#888" stroke-width="1"/>`);
  parts.push(`<text x="${x(1).toFixed(1)}" y="${height - 4}" font-size="11" text-anchor="middle" fill="#666">1x (as fast as the reference)</text>`);
  rows.forEach((row, i) => {
    const y = i * ROW_HEIGHT + 4;
    const f = row.figures;
    const label = `${row.plugin.keg.name}:${row.plugin.plugin.name} › ${row.check.name}`;
    parts.push(`<text x="0" y="${y + 15}" font-size="12" fill="currentColor">${esc(shorten(label, 44))}<title>${esc(label)}</title></text>`);
    const color = isFailing(row.check.status) ? '#c62828' : row.check.status === 'pass' ? '#2e7d32' : '#9e9e9e';
    if (f?.ratio !== undefined && f.ratio > 0) {
      const start = Math.min(x(1), x(f.ratio));
      const end = Math.max(x(1), x(f.ratio));
      parts.push(
        `<rect class="benchmark-bar" data-check="${esc(row.check.id)}" data-ratio="${f.ratio}" x="${start.toFixed(1)}" y="${y + 3}" width="${Math.max(3, end - start).toFixed(1)}" height="${ROW_HEIGHT - 10}" fill="${color}"><title>${esc(`median ratio ${figure(f.ratio)}x · p50 ${figure(f.p50Us)} µs vs ${figure(f.referenceP50Us)} µs`)}</title></rect>`,
      );
      parts.push(`<text x="${LABEL_WIDTH + PLOT_WIDTH + 6}" y="${y + 15}" font-size="12" fill="currentColor">${esc(`${figure(f.ratio)}x`)}${f.budget.maxRatio === undefined ? '' : esc(` / max ${figure(f.budget.maxRatio)}x`)}</text>`);
    } else {
      const why = f === undefined ? row.check.status : `no reference · p50 ${figure(f.p50Us)} µs`;
      parts.push(`<text x="${LABEL_WIDTH + 4}" y="${y + 15}" font-size="12" fill="#666">${esc(why)}</text>`);
    }
    const max = f?.budget.maxRatio;
    if (max !== undefined && max > 0) {
      parts.push(`<line class="benchmark-limit" x1="${x(max).toFixed(1)}" y1="${y}" x2="${x(max).toFixed(1)}" y2="${y + ROW_HEIGHT - 4}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"><title>${esc(`max_ratio ${figure(max)}x`)}</title></line>`);
    }
  });
  return `<svg class="benchmark-chart" role="img" aria-label="median time ratio to the reference per benchmark, log scale; dashed: max_ratio" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

// Chart labels have a fixed width: long ones end in an ellipsis (the full text is the tooltip).
function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
