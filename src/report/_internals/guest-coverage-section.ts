import type { GuestCoverage, GuestPluginCoverage } from '../../model/guest-coverage.js';
import { truncate, visibleControls } from './plain-text.js';

/** Never-run functions named per plugin in the console and Markdown (all of them are in the JSON and HTML). */
const MAX_NAMED = 30;

export interface GuestRow {
  readonly label: string;
  readonly plugin: GuestPluginCoverage;
  /** "3/4" style figures and the block percentage, for ok plugins. */
  readonly functions?: string;
  readonly blocks?: string;
  readonly percent?: number;
  readonly neverRun: readonly string[];
}

function pct(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10;
}

/** One row per plugin of the run's guest coverage. */
export function guestRows(coverage: GuestCoverage): GuestRow[] {
  return coverage.plugins.map((plugin) => {
    const label = `${plugin.keg}:${plugin.plugin}`;
    if (plugin.status !== 'ok') return { label, plugin, neverRun: [] };
    const t = plugin.totals;
    return {
      label,
      plugin,
      functions: `${t.functionsHit}/${t.functions}`,
      blocks: `${t.blocksHit}/${t.blocks}`,
      percent: pct(t.blocksHit, t.blocks),
      neverRun: plugin.functions.filter((f) => f.hits === 0).map((f) => f.name),
    };
  });
}

function named(names: readonly string[], max = MAX_NAMED): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … and ${names.length - max} more` : shown;
}

/** Console lines (already coloured by the caller's functions). */
export function renderGuestConsole(coverage: GuestCoverage, c: { bold(s: string): string; dim(s: string): string; yellow(s: string): string }): string {
  const lines = ['', c.bold('Guest code coverage (wasm functions · blocks hit)')];
  for (const row of guestRows(coverage)) {
    const label = visibleControls(truncate(row.label, 200));
    if (row.plugin.status !== 'ok') {
      lines.push(` ${label}  ${c.yellow(`coverage-unavailable: ${visibleControls(truncate(row.plugin.reason, 300))}`)}`);
      continue;
    }
    lines.push(` ${label}  functions ${row.functions}  blocks ${row.blocks} (${row.percent} %)`);
    if (row.neverRun.length > 0) lines.push(`   ${c.dim('never run:')} ${visibleControls(truncate(named(row.neverRun), 2000))}`);
  }
  return `${lines.join('\n')}\n`;
}

function mdCell(text: string): string {
  return visibleControls(truncate(text, 2000)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown section: a table per plugin plus the functions never run. */
export function renderGuestMarkdown(coverage: GuestCoverage): string {
  const out = ['### Guest code coverage', '', '| Keg:plugin | Functions hit | Blocks hit | Blocks % | Never run |', '|---|---|---|---|---|'];
  for (const row of guestRows(coverage)) {
    if (row.plugin.status !== 'ok') {
      out.push(`| ${mdCell(row.label)} | — | — | — | coverage-unavailable: ${mdCell(row.plugin.reason)} |`);
      continue;
    }
    out.push(`| ${mdCell(row.label)} | ${row.functions} | ${row.blocks} | ${row.percent} | ${row.neverRun.length === 0 ? 'none' : mdCell(named(row.neverRun))} |`);
  }
  out.push('', '_Per-line and per-block counts are in `lcov.info`._', '');
  return out.join('\n');
}

function esc(text: string): string {
  return visibleControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An HTML section: the same table, every never-run function listed. */
export function renderGuestHtml(coverage: GuestCoverage): string {
  const out = ['<h2>Guest code coverage</h2><table class="guest-coverage"><thead><tr><th>keg:plugin</th><th>functions hit</th><th>blocks hit</th><th>blocks %</th><th>never run</th></tr></thead><tbody>'];
  for (const row of guestRows(coverage)) {
    if (row.plugin.status !== 'ok') {
      out.push(`<tr data-status="coverage-unavailable"><td>${esc(row.label)}</td><td colspan="4">coverage-unavailable: ${esc(truncate(row.plugin.reason, 2000))}</td></tr>`);
      continue;
    }
    const never = row.neverRun.length === 0 ? 'none' : `<details><summary>${row.neverRun.length} function${row.neverRun.length === 1 ? '' : 's'}</summary><ul>${row.neverRun.slice(0, 2000).map((n) => `<li><code>${esc(truncate(n, 300))}</code></li>`).join('')}</ul></details>`;
    out.push(`<tr data-status="ok"><td>${esc(row.label)}</td><td>${row.functions}</td><td>${row.blocks}</td><td>${row.percent}</td><td>${never}</td></tr>`);
  }
  out.push('</tbody></table>');
  return out.join('');
}
