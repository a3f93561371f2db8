import { versionMatrixMarkdown } from './_internals/version-matrix.js';
import { isFailing, type RunReport } from '../model/result.js';
import { displayPath } from './_internals/display-path.js';
import { renderGuestMarkdown } from './_internals/guest-coverage-section.js';
import { coverageGaps } from './coverage-gaps.js';
import { contractRows } from './contract-coverage-rows.js';
import { detailBlocks, failureMessage } from './_internals/failure-details.js';
import { kegVerdicts } from './_internals/keg-verdicts.js';
import { lineDiff } from './_internals/line-diff.js';
import { truncate, visibleControls } from './_internals/plain-text.js';
import { replayOf } from './_internals/replay-of.js';
import { checkPlace, countStatuses, describeCounts, failingChecks, formatDuration, pluginLabel, suiteLabel } from './_internals/report-walk.js';
import { writeReportFile } from './_internals/write-report-file.js';
import { BENCHMARK_HEADERS, benchmarkCells, benchmarkRows } from './_internals/benchmark-rows.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';

/** File name of the Markdown summary inside the output folder. */
export const MARKDOWN_REPORT_FILE = 'kegcheck-summary.md';

/** How much of a run the summary spells out; the JSON report has the rest. */
export interface MarkdownLimits {
  readonly maxFailures: number;
  readonly maxCheckRows: number;
}

const DEFAULT_LIMITS: MarkdownLimits = { maxFailures: 10, maxCheckRows: 300 };
const FOLD_ABOVE = 20;

const STATUS_ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', error: '💥', timeout: '⏱️', skip: '⏭️', xfail: '🟡', xpass: '❗' };

// GitHub renders HTML inside Markdown: names and messages come from kegs, so
// they are escaped as HTML and kept on one table line.
function cell(text: string): string {
  return visibleControls(truncate(text, 300))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  const clean = visibleControls(truncate(text, 500)).replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${clean.startsWith('`') ? ' ' : ''}${clean}${clean.endsWith('`') ? ' ' : ''}${fence}`;
}

function fenced(lang: string, lines: readonly string[]): string {
  const body = visibleControls(lines.join('\n'));
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

/**
 * A summary fit for a CI step summary or a PR comment: verdict per keg, a
 * table of checks, the first failures with diffs, and coverage.
 */
export function renderMarkdownSummary(report: RunReport, requireCoverage = false, limits: MarkdownLimits = DEFAULT_LIMITS): string {
  const s = report.summary;
  const gaps = coverageGaps(report, requireCoverage);
  const pass = s.verdict === 'pass' && !(requireCoverage && gaps.length > 0);
  const out: string[] = [];
  const duration = Date.parse(report.meta.finishedAt) - Date.parse(report.meta.startedAt);
  out.push(`## kegcheck: ${pass ? '✅ pass' : '❌ fail'}`, '');
  out.push(
    `**${s.plugins}** keg × plugin, **${s.checks}** checks: ${describeCounts(s.byStatus)} · seed ${code(String(report.meta.seed))}` +
      `${report.meta.shard === undefined ? '' : ` · shard ${report.meta.shard.index}/${report.meta.shard.count}`}` +
      ` · ${Number.isFinite(duration) ? formatDuration(duration) : ''} · kegcheck ${cell(report.meta.kegcheckVersion)}, Node ${cell(report.meta.nodeVersion)}, Extism ${cell(report.meta.extismVersion)}`,
    '',
  );
  out.push('Suites: ' + report.suites.map((suite) => `${code(displayPath(suite.suite.file))} (${cell(suiteLabel(suite.suite))})`).join(', '), '');
  out.push(...versionMatrixMarkdown(report, cell));

  out.push('### Verdict per keg', '', '| Keg | Version | Plugins | Checks | Verdict |', '|---|---|---|---|---|');
  for (const keg of kegVerdicts(report)) {
    const checks = keg.plugins.flatMap((p) => p.checks);
    out.push(
      `| ${cell(keg.name)} | ${cell(keg.version)} | ${keg.plugins.map((p) => `${cell(p.plugin.name)} ${p.verdict === 'pass' ? '✅' : '❌'}`).join(', ')} | ${describeCounts(countStatuses(checks))} | ${keg.verdict === 'pass' ? '✅ pass' : '❌ fail'} |`,
    );
  }
  out.push('');

  const failures = failingChecks(report);
  if (failures.length > 0) {
    out.push(`### First failures (${Math.min(failures.length, limits.maxFailures)} of ${failures.length})`, '');
    for (const failure of failures.slice(0, limits.maxFailures)) {
      const { suite, plugin, check } = failure;
      out.push(`#### ${STATUS_ICON[check.status] ?? ''} ${cell(pluginLabel(plugin))} › ${cell(check.name)} (${code(check.id)})`, '');
      out.push(`${code(checkPlace(suite, check))}: ${cell(failureMessage(check))}`, '');
      if (check.diff !== undefined) {
        const lines = lineDiff(check.diff.expected, check.diff.actual).map((l) => `${l.kind === 'expected' ? '-' : l.kind === 'actual' ? '+' : ' '} ${l.text}`);
        out.push(fenced('diff', ['--- expected', '+++ actual', ...lines.slice(0, 60), ...(lines.length > 60 ? [`… ${lines.length - 60} more lines`] : [])]), '');
      }
      for (const block of detailBlocks(check)) out.push(`${block.label}:`, '', fenced('', block.lines), '');
      if (check.seed !== undefined) out.push(`seed ${code(String(check.seed))}${check.replayPath === undefined ? '' : `, path ${code(check.replayPath)}`}`, '');
      out.push(fenced('sh', [replayOf(failure)]), '');
    }
  }

  // A passing check can still carry something worth knowing (a lenient decode, a rewritten golden file);
  // failing checks already show their notes above.
  const noted = report.suites.flatMap((suite) =>
    suite.plugins.flatMap((plugin) => plugin.checks.filter((c) => !isFailing(c.status) && (c.notes?.length ?? 0) > 0).map((check) => ({ plugin, check }))),
  );
  if (noted.length > 0) {
    out.push('### Notes', '');
    for (const { plugin, check } of noted.slice(0, limits.maxFailures)) {
      for (const note of check.notes ?? []) out.push(`- ${cell(pluginLabel(plugin))} › ${cell(check.name)} (${code(check.id)}): ${cell(note)}`);
    }
    if (noted.length > limits.maxFailures) out.push(`- _${noted.length - limits.maxFailures} more checks with notes are in the JSON report._`);
    out.push('');
  }

  const benchmarks = benchmarkRows(report);
  if (benchmarks.length > 0) {
    out.push('### Benchmarks', '', `| ${BENCHMARK_HEADERS.join(' | ')} |`, `|${BENCHMARK_HEADERS.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`);
    for (const row of benchmarks) {
      const cells = benchmarkCells(row).map(cell);
      cells[2] = `${STATUS_ICON[row.check.status] ?? ''} ${cells[2] ?? ''}`;
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }

  // Long tables fold away so a PR comment stays readable; GitHub renders <details>.
  const fold = report.summary.checks > FOLD_ABOVE;
  out.push('### Checks', '');
  if (fold) out.push(`<details><summary>All ${report.summary.checks} checks</summary>`, '');
  out.push('| Keg:plugin | Suite | Check | Function | Status | Time |', '|---|---|---|---|---|---|');
  let rows = 0;
  let omitted = 0;
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const check of plugin.checks) {
        if (rows >= limits.maxCheckRows) {
          omitted += 1;
          continue;
        }
        rows += 1;
        out.push(
          `| ${cell(pluginLabel(plugin))} | ${cell(suiteLabel(suite.suite))} | ${cell(check.name)} ${code(check.id)} | ${check.function === undefined ? '' : code(check.function)} | ${STATUS_ICON[check.status] ?? ''} ${check.status} | ${formatDuration(check.durationMs)} |`,
        );
      }
    }
  }
  if (omitted > 0) out.push('', `_${omitted} more checks are in the JSON report._`);
  out.push('');
  if (fold) out.push('</details>', '');

  out.push('### Coverage', '', '| Keg:plugin | Function | Golden cases | Property runs | Called |', '|---|---|---|---|---|');
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const fn of plugin.coverage.functions) {
        out.push(`| ${cell(pluginLabel(plugin))} | ${code(fn.name)} | ${fn.cases} | ${fn.propertyRuns} | ${fn.called ? '✅' : requireCoverage ? '❌ never' : '⚠️ never'} |`);
      }
    }
  }
  out.push('', '| Keg:plugin | Host functions called (imported) | Static resources read |', '|---|---|---|');
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      const c = plugin.coverage;
      out.push(
        `| ${cell(pluginLabel(plugin))} | ${cell(c.hostFunctionsCalled.join(', ') || 'none')} (${cell(c.hostFunctionsImported.join(', ') || 'none')}) | ${cell(c.staticReads.join(', ') || 'none')}${c.httpRequests === undefined ? '' : `; HTTP: ${cell(c.httpRequests.join(', '))}`} |`,
      );
    }
  }
  const contract = contractRows(report);
  if (contract.length > 0) {
    out.push('', '| Keg:plugin | Function | Schema branch | Golden cases | Property runs |', '|---|---|---|---|---|');
    for (const row of contract) {
      out.push(`| ${cell(pluginLabel(row.plugin))} | ${code(row.function)} | ${cell(row.branch.label)} ${code(row.branch.pointer)} | ${row.branch.cases} | ${row.branch.propertyRuns}${row.exercised ? '' : ' ⚠️ never'} |`);
    }
  }
  if (gaps.length > 0) {
    out.push('', `${requireCoverage ? '❌ **Coverage errors**' : '⚠️ **Coverage warnings**'}: declared functions never called:`, '');
    for (const gap of gaps) out.push(`- ${cell(gap.keg)}:${cell(gap.plugin)}: ${code(gap.function)} (${code(displayPath(gap.suite.file))})`);
  }
  out.push('');
  if (report.guestCoverage !== undefined) out.push(renderGuestMarkdown(report.guestCoverage));
  return out.join('\n');
}

/** Markdown summary as `kegcheck-summary.md`. */
export function createMarkdownReporter(context: ReporterContext): Reporter {
  return {
    name: 'markdown',
    async onEnd(report) {
      return [await writeReportFile(context.outDir, MARKDOWN_REPORT_FILE, renderMarkdownSummary(report, context.requireCoverage === true))];
    },
  };
}
