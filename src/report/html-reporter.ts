import { versionMatrixHtml } from './_internals/version-matrix.js';
import type { CheckResult, RunReport } from '../model/result.js';
import { displayPath } from './_internals/display-path.js';
import { renderGuestHtml } from './_internals/guest-coverage-section.js';
import { isFailing } from '../model/result.js';
import { coverageGaps } from './coverage-gaps.js';
import { contractRows } from './contract-coverage-rows.js';
import { detailBlocks, failureMessage } from './_internals/failure-details.js';
import { INTERFACE_COLUMN, suiteMatrix, type MatrixCell } from './_internals/suite-matrix.js';
import { HTML_SCRIPT, HTML_STYLE } from './_internals/html-assets.js';
import { lineDiff } from './_internals/line-diff.js';
import { truncate, visibleControls } from './_internals/plain-text.js';
import { replayOf } from './_internals/replay-of.js';
import { checkPlace, countStatuses, describeCounts, failingChecks, formatDuration, pluginLabel, STATUS_ORDER, suiteLabel } from './_internals/report-walk.js';
import { writeReportFile } from './_internals/write-report-file.js';
import { renderBenchmarksHtml } from './_internals/benchmark-html.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';

/** File name of the HTML report inside the output folder. */
export const HTML_REPORT_FILE = 'kegcheck-report.html';

/** Failures rendered as <details>; a hostile run can fail thousands of checks. */
const MAX_FAILURES = 200;

function esc(text: string): string {
  return visibleControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

function bar(part: number, whole: number, title: string): string {
  const pct = percent(part, whole);
  const kind = pct === 100 ? '' : pct === 0 ? ' none' : ' partial';
  return `<div class="bar${kind}" title="${esc(title)}" data-percent="${pct}"><span style="width:${pct}%"></span></div>`;
}

function cellHtml(cell: MatrixCell): string {
  const counts = countStatuses(cell.checks);
  const failing = cell.checks.filter((c) => isFailing(c.status)).length;
  const mark = { pass: '✓', fail: '✗', skip: '–', untested: '·' }[cell.verdict];
  const summary = cell.verdict === 'untested' ? (cell.function === INTERFACE_COLUMN ? 'no checks' : 'never called') : cell.verdict === 'fail' ? `${failing} of ${cell.checks.length} failing` : `${counts.pass + counts.xfail}/${cell.checks.length} ok`;
  const coverage = cell.function === INTERFACE_COLUMN ? '' : `<span class="detail">${cell.cases} cases · ${cell.propertyRuns} runs</span>`;
  const title = cell.checks.map((c) => `${c.status}: ${c.name}`).join('\n');
  return `<td class="cell v-${cell.verdict}" data-function="${esc(cell.function)}" data-verdict="${cell.verdict}" title="${esc(truncate(title, 2000))}"><span class="mark">${mark}</span> ${summary}${coverage}</td>`;
}

function diffHtml(check: CheckResult): string {
  if (check.diff === undefined) return '';
  const lines = lineDiff(check.diff.expected, check.diff.actual).map((l) => {
    const cls = l.kind === 'expected' ? 'del' : l.kind === 'actual' ? 'ins' : 'same';
    const sign = l.kind === 'expected' ? '-' : l.kind === 'actual' ? '+' : ' ';
    return `<span class="${cls}">${esc(`${sign} ${truncate(l.text, 1000)}`)}</span>`;
  });
  return `<p class="muted"><span class="del">- expected</span> <span class="ins">+ actual</span></p><pre class="diff">${lines.join('')}</pre>`;
}

/** Renders the self-contained HTML report (inline CSS and JS, no network). */
export function renderHtmlReport(report: RunReport, requireCoverage = false): string {
  const s = report.summary;
  const gaps = coverageGaps(report, requireCoverage);
  const verdict = s.verdict === 'pass' && !(requireCoverage && gaps.length > 0) ? 'pass' : 'fail';
  const duration = Date.parse(report.meta.finishedAt) - Date.parse(report.meta.startedAt);
  const body: string[] = [];
  body.push(`<h1>kegcheck report <span class="badge ${verdict}" id="verdict">${verdict.toUpperCase()}</span></h1>`);
  body.push(
    `<p class="counts" id="counts"><span><b>${s.plugins}</b> keg × plugin</span><span><b>${s.checks}</b> checks</span>${STATUS_ORDER.filter((k) => s.byStatus[k] > 0)
      .map((k) => `<span data-status="${k}">${s.byStatus[k]} ${k}</span>`)
      .join('')}</p>`,
  );
  body.push(
    `<p class="muted">seed <code>${report.meta.seed}</code>${report.meta.shard === undefined ? '' : ` · shard ${report.meta.shard.index}/${report.meta.shard.count}`} · ${esc(report.meta.startedAt)}${Number.isFinite(duration) ? ` · ${formatDuration(duration)}` : ''} · kegcheck ${esc(report.meta.kegcheckVersion)} · Node ${esc(report.meta.nodeVersion)} · Extism ${esc(report.meta.extismVersion)}</p>`,
  );

  body.push(versionMatrixHtml(report, esc));
  body.push('<h2>Kegs × functions</h2>');
  for (const suite of report.suites) {
    const matrix = suiteMatrix(suite);
    body.push(`<h3>${esc(suiteLabel(suite.suite))} <small>${esc(displayPath(suite.suite.file))}</small></h3>`);
    if (suite.suite.description !== undefined) body.push(`<p class="muted">${esc(suite.suite.description)}</p>`);
    body.push(`<table class="matrix" data-suite="${esc(suite.suite.file)}"><thead><tr><th>keg:plugin</th>`);
    body.push(matrix.functions.map((f) => `<th data-function="${esc(f)}">${esc(f)}</th>`).join(''));
    body.push('<th>verdict</th></tr><tr class="coverage"><th>coverage</th>');
    body.push(
      matrix.totals
        .map((t) =>
          t.function === INTERFACE_COLUMN
            ? '<th></th>'
            : `<th data-function="${esc(t.function)}">${t.pluginsCalling}/${t.plugins} plugins · ${t.cases} cases · ${t.propertyRuns} runs${bar(t.pluginsCalling, t.plugins, `${percent(t.pluginsCalling, t.plugins)}% of plugins called ${t.function}`)}</th>`,
        )
        .join(''),
    );
    body.push('<th></th></tr></thead><tbody>');
    for (const row of matrix.rows) {
      const p = row.plugin;
      body.push(
        `<tr data-suite="${esc(suite.suite.file)}" data-keg="${esc(p.keg.name)}" data-keg-source="${esc(p.keg.source)}" data-plugin="${esc(p.plugin.name)}"><th>${esc(pluginLabel(p))} <small>${esc(p.keg.version)}</small><span class="detail muted" title="sha256 of plugin.wasm"><br><code>${esc(p.plugin.wasmSha256.slice(0, 12))}</code></span></th>`,
      );
      body.push(row.cells.map(cellHtml).join(''));
      body.push(`<td class="verdict ${p.verdict}">${p.verdict}<span class="detail muted"><br>${esc(describeCounts(countStatuses(p.checks)))}</span></td></tr>`);
    }
    body.push('</tbody></table>');
  }

  const failures = failingChecks(report);
  body.push(`<h2 id="failures-heading">Failures (${failures.length})</h2>`);
  if (failures.length === 0) {
    body.push('<p>No failing checks.</p>');
  } else {
    body.push('<div class="toolbar"><button id="expand-all" type="button">Expand all</button><button id="collapse-all" type="button">Collapse all</button></div>');
    for (const failure of failures.slice(0, MAX_FAILURES)) {
      const { suite, plugin, check } = failure;
      const parts: string[] = [];
      parts.push(`<p>at <code>${esc(checkPlace(suite, check))}</code></p><p class="message">${esc(truncate(failureMessage(check), 4000))}</p>`);
      parts.push(diffHtml(check));
      for (const block of detailBlocks(check)) parts.push(`<p><b>${esc(block.label)}</b></p><pre>${esc(block.lines.join('\n'))}</pre>`);
      if (check.seed !== undefined) parts.push(`<p>seed <code>${check.seed}</code>${check.replayPath === undefined ? '' : ` path <code>${esc(check.replayPath)}</code>`}</p>`);
      parts.push(`<p>replay:</p><pre class="replay">${esc(replayOf(failure))}</pre>`);
      body.push(
        `<details class="failure" data-suite="${esc(suite.file)}" data-keg="${esc(plugin.keg.source)}" data-plugin="${esc(plugin.plugin.name)}" data-function="${esc(check.function ?? INTERFACE_COLUMN)}" data-check="${esc(check.id)}"><summary>${check.status.toUpperCase()} ${esc(pluginLabel(plugin))} › ${esc(truncate(check.name, 200))} <small>[${esc(check.id)}]</small></summary>${parts.join('')}</details>`,
      );
    }
    if (failures.length > MAX_FAILURES) body.push(`<p class="muted">${failures.length - MAX_FAILURES} more failing checks are in the JSON report.</p>`);
  }

  body.push(renderBenchmarksHtml(report, esc));

  body.push('<h2>Coverage</h2><table class="coverage-table"><thead><tr><th>keg:plugin</th><th>function</th><th>golden cases</th><th>property runs</th><th>called</th></tr></thead><tbody>');
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const fn of plugin.coverage.functions) {
        body.push(`<tr><td>${esc(pluginLabel(plugin))}</td><td><code>${esc(fn.name)}</code></td><td>${fn.cases}</td><td>${fn.propertyRuns}</td><td>${fn.called ? 'yes' : '<b>never</b>'}</td></tr>`);
      }
    }
  }
  body.push('</tbody></table><table><thead><tr><th>keg:plugin</th><th>host functions called</th><th>imported</th><th>static resources read</th></tr></thead><tbody>');
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      const c = plugin.coverage;
      body.push(`<tr><td>${esc(pluginLabel(plugin))}</td><td>${esc(c.hostFunctionsCalled.join(', ') || 'none')}</td><td>${esc(c.hostFunctionsImported.join(', ') || 'none')}</td><td>${esc(truncate(c.staticReads.join(', '), 2000) || 'none')}${c.httpRequests === undefined ? '' : `<br>HTTP: ${esc(truncate(c.httpRequests.join(', '), 2000))}`}</td></tr>`);
    }
  }
  body.push('</tbody></table>');
  const contract = contractRows(report);
  if (contract.length > 0) {
    body.push('<table class="contract-table"><thead><tr><th>keg:plugin</th><th>function</th><th>schema branch</th><th>golden cases</th><th>property runs</th></tr></thead><tbody>');
    for (const row of contract) {
      body.push(`<tr${row.exercised ? '' : ' class="never"'}><td>${esc(pluginLabel(row.plugin))}</td><td><code>${esc(row.function)}</code></td><td>${esc(row.branch.label)} <code>${esc(row.branch.pointer)}</code></td><td>${row.branch.cases}</td><td>${row.branch.propertyRuns}${row.exercised ? '' : ' <b>never</b>'}</td></tr>`);
    }
    body.push('</tbody></table>');
  }
  if (gaps.length > 0) {
    body.push(`<p><b>${requireCoverage ? 'Coverage errors' : 'Coverage warnings'}</b>: declared functions never called</p><ul class="gaps">`);
    for (const gap of gaps) body.push(`<li class="${gap.severity}">${esc(gap.keg)}:${esc(gap.plugin)}: <code>${esc(gap.function)}</code> <small>${esc(displayPath(gap.suite.file))}</small></li>`);
    body.push('</ul>');
  }
  if (report.guestCoverage !== undefined) body.push(renderGuestHtml(report.guestCoverage));
  body.push(`<footer>Generated by kegcheck ${esc(report.meta.kegcheckVersion)} · ${esc(report.meta.finishedAt)}</footer>`);

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // The report must never reach the network, even if a name smuggled markup in.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>kegcheck ${verdict.toUpperCase()}: ${s.plugins} keg × plugin, ${s.checks} checks</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    body.join('\n'),
    `<script>${HTML_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** One self-contained HTML file: kegs × functions matrix, coverage bars, expandable failures. */
export function createHtmlReporter(context: ReporterContext): Reporter {
  return {
    name: 'html',
    async onEnd(report) {
      return [await writeReportFile(context.outDir, HTML_REPORT_FILE, renderHtmlReport(report, context.requireCoverage === true))];
    },
  };
}
