import pc from 'picocolors';
import { displayPath } from './_internals/display-path.js';
import { renderGuestConsole } from './_internals/guest-coverage-section.js';
import type { PluginResult, RunReport, SuiteResult } from '../model/result.js';
import { FAILING_STATUSES } from '../model/result.js';
import { pluginCoverageGaps } from './coverage-gaps.js';
import { contractSummaries } from './contract-coverage-rows.js';
import { detailBlocks, failureMessage } from './_internals/failure-details.js';
import { lineDiff } from './_internals/line-diff.js';
import { renderBenchmarksConsole } from './_internals/benchmark-console.js';
import type { BenchmarkRow } from './_internals/benchmark-rows.js';
import { safeText } from './_internals/plain-text.js';
import { replayOf } from './_internals/replay-of.js';
import { isFailing } from '../model/result.js';
import { checkPlace, countStatuses, describeCounts, formatDuration, pluginLabel, sumDuration, suiteLabel, type LocatedCheck } from './_internals/report-walk.js';
import type { Reporter, ReporterContext, RunStartInfo } from '../model/reporter.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Failures expanded in full on the console; the rest are counted (they are all in the JSON report). */
const MAX_EXPANDED_FAILURES = 25;
const BAR_WIDTH = 24;

/** Colours on a terminal unless NO_COLOR is set; FORCE_COLOR turns them on when piped. */
export function consoleColorsEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false') return true;
  return isTTY;
}

/** A live progress bar only on an interactive terminal outside CI. */
export function consoleProgressEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== 'false' && env['CI'] !== '0';
  return isTTY && !ci;
}

/** Options beyond the reporter context, for tests (a fixed clock). */
export interface ConsoleReporterOptions {
  readonly now?: () => number;
  /** How often the progress bar redraws while a plugin runs (ms; 0: only as results arrive). Default 1000. */
  readonly tickMs?: number;
}

/**
 * vitest-like console output: one line per keg × plugin as results stream
 * in (with a progress bar, counts and ETA on a terminal), then every failure
 * expanded with its diff, counterexample, seed and replay command, the
 * coverage gaps and a summary.
 */
export function createConsoleReporter(context: ReporterContext, options: ConsoleReporterOptions = {}): Reporter {
  const now = options.now ?? (() => performance.now());
  const c: Colors = pc.createColors(consoleColorsEnabled(context.env, context.isTTY));
  const progress = consoleProgressEnabled(context.env, context.isTTY);
  let total = 0;
  let done = 0;
  let failed = 0;
  let checks = 0;
  let startedAt = now();
  let barShown = false;
  let streamed = false;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const tickMs = options.tickMs ?? 1000;
  const requireCoverage = context.requireCoverage === true;
  // What the end of the output needs, gathered as results arrive so the
  // runner need not keep them: a few rendered lines per plugin, the first
  // failures rendered in full, counts.
  const tail: ConsoleTail = { pluginsFailed: 0, failures: 0, expanded: [], benchmarks: [], coverageLines: [], gapLines: [] };

  const clearBar = (): void => {
    if (barShown) context.write('\r\u001b[2K');
    barShown = false;
  };
  const drawBar = (): void => {
    if (!progress || total === 0) return;
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsed = now() - startedAt;
    const eta = done === 0 ? '…' : formatDuration((elapsed / done) * (total - done));
    const counts = `${done}/${total} plugins · ${checks} checks · ${failed} failed`;
    context.write(`\r\u001b[2K ${c.cyan('█'.repeat(filled))}${c.dim('░'.repeat(BAR_WIDTH - filled))} ${counts} · ETA ${done >= total ? '0 ms' : eta} ${c.dim(`· ${formatDuration(elapsed)} elapsed`)}`);
    barShown = true;
  };
  const pluginLine = (suite: SuiteResult['suite'], plugin: PluginResult): string => {
    const counts = countStatuses(plugin.checks);
    const mark = plugin.verdict === 'pass' ? c.green('✓') : c.red('✗');
    const name = plugin.verdict === 'pass' ? pluginLabel(plugin) : c.red(pluginLabel(plugin));
    return ` ${mark} ${name} ${c.dim(suiteLabel(suite))} ${describeCounts(counts)} ${c.dim(formatDuration(sumDuration(plugin.checks)))}\n`;
  };

  return {
    name: 'console',
    streams: true,
    onStart(info: RunStartInfo) {
      total = info.totalPlugins;
      startedAt = now();
      const shard = info.shard === undefined ? '' : ` · shard ${info.shard.index}/${info.shard.count}`;
      context.write(`\n ${c.inverse(c.bold(' RUN '))} ${total} keg × plugin item${total === 1 ? '' : 's'} · seed ${info.seed}${shard}\n\n`);
      drawBar();
      // A plugin can run for seconds; the bar keeps time meanwhile. unref():
      // the ticker never keeps the process alive on its own.
      if (progress && total > 0 && tickMs > 0) {
        ticker = setInterval(drawBar, tickMs);
        ticker.unref();
      }
    },
    onPluginResult(suite, plugin) {
      streamed = true;
      gather(tail, suite, plugin, requireCoverage, c);
      done += 1;
      checks += plugin.checks.length;
      if (plugin.verdict === 'fail') failed += 1;
      clearBar();
      context.write(pluginLine(suite, plugin));
      drawBar();
    },
    async onEnd(report: RunReport) {
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      clearBar();
      const out: string[] = [];
      if (!streamed) {
        out.push('\n');
        for (const suite of report.suites) {
          for (const plugin of suite.plugins) {
            out.push(pluginLine(suite.suite, plugin));
            gather(tail, suite.suite, plugin, requireCoverage, c);
          }
        }
      }
      if (tail.failures > 0) {
        out.push(`\n${c.red(c.bold(`Failed checks: ${tail.failures}`))}\n`);
        out.push(...tail.expanded);
        if (tail.failures > MAX_EXPANDED_FAILURES) {
          out.push(`\n ${c.dim(`… and ${tail.failures - MAX_EXPANDED_FAILURES} more failing checks (all are in the JSON report)`)}\n`);
        }
      }
      out.push(renderBenchmarksConsole(tail.benchmarks, c));
      out.push(`${['', c.bold('Coverage'), ...tail.coverageLines, ...tail.gapLines].join('\n')}\n`);
      if (report.guestCoverage !== undefined) out.push(renderGuestConsole(report.guestCoverage, c));
      out.push(renderSummary(report, tail, requireCoverage, c));
      context.write(out.join(''));
      return [];
    },
  };
}

function renderFailure(failure: LocatedCheck, c: Colors): string {
  const { suite, plugin, check } = failure;
  const lines: string[] = [];
  const badge = check.status === 'fail' ? ' FAIL ' : ` ${check.status.toUpperCase()} `;
  lines.push('');
  lines.push(` ${c.bgRed(c.white(c.bold(badge)))} ${suiteLabel(suite)} › ${pluginLabel(plugin)} › ${safeText(check.name, 200)} ${c.dim(`[${check.id}]`)}`);
  lines.push(`   ${c.dim('at')} ${c.cyan(checkPlace(suite, check))}`);
  for (const line of safeText(failureMessage(check)).split('\n')) lines.push(`   ${c.red(line)}`);
  if ((check.kind === 'case' || check.kind === 'property') && check.diff !== undefined) {
    lines.push('', `   ${c.green('- Expected')}`, `   ${c.red('+ Actual')}`, '');
    for (const line of lineDiff(check.diff.expected, check.diff.actual)) {
      const text = safeText(line.text, 500);
      if (line.kind === 'expected') lines.push(`   ${c.green(`- ${text}`)}`);
      else if (line.kind === 'actual') lines.push(`   ${c.red(`+ ${text}`)}`);
      else lines.push(`   ${c.dim(`  ${text}`)}`);
    }
  }
  for (const block of detailBlocks(check)) {
    lines.push(`   ${c.bold(block.label)}:`);
    for (const line of block.lines) lines.push(`     ${line}`);
  }
  if ((check.kind === 'property' || check.kind === 'benchmark') && check.seed !== undefined) {
    lines.push(`   ${c.dim('seed')} ${check.seed}${(check.kind === 'property' ? check.replayPath : undefined) === undefined ? '' : ` ${c.dim('path')} ${(check.kind === 'property' ? check.replayPath : undefined)}`}${check.kind !== 'property' || check.runs === undefined ? '' : ` ${c.dim('runs')} ${check.runs}`}`);
  }
  lines.push(`   ${c.dim('replay:')} ${replayOf(failure)}`);
  return `${lines.join('\n')}\n`;
}

// The end of the console output, gathered plugin by plugin.
interface ConsoleTail {
  pluginsFailed: number;
  failures: number;
  /** The first MAX_EXPANDED_FAILURES failing checks, rendered. */
  readonly expanded: string[];
  /** Every benchmark check, with its plugin stripped of its other checks. */
  readonly benchmarks: BenchmarkRow[];
  /** The coverage section of each plugin (its lines joined by newlines), then a line per coverage gap. */
  readonly coverageLines: string[];
  readonly gapLines: string[];
}

function gather(tail: ConsoleTail, suite: SuiteResult['suite'], plugin: PluginResult, requireCoverage: boolean, c: Colors): void {
  if (plugin.verdict === 'fail') tail.pluginsFailed += 1;
  for (const check of plugin.checks) {
    if (!isFailing(check.status)) continue;
    tail.failures += 1;
    if (tail.expanded.length < MAX_EXPANDED_FAILURES) tail.expanded.push(renderFailure({ suite, plugin, check }, c));
  }
  const benchmarks = plugin.checks.filter((check) => check.kind === 'benchmark');
  if (benchmarks.length > 0) {
    const bare = { ...plugin, checks: [] };
    for (const check of benchmarks) tail.benchmarks.push({ suite, plugin: bare, check, figures: check.benchmark });
  }
  // One joined (flat) string per plugin: a run over thousands of kegs keeps these until its end.
  tail.coverageLines.push(coverageLines(plugin, c).join('\n'));
  for (const gap of pluginCoverageGaps(suite, plugin, requireCoverage)) {
    const mark = gap.severity === 'error' ? c.red('✗ error') : c.yellow('⚠ warning');
    tail.gapLines.push(` ${mark} ${gap.keg}:${gap.plugin}: declared function '${gap.function}' was never called by any check of ${displayPath(gap.suite.file)}`);
  }
}

function coverageLines(plugin: PluginResult, c: Colors): string[] {
  const lines: string[] = [];
  const fns = plugin.coverage.functions.map((fn) =>
    fn.called ? `${fn.name} ${c.dim(`${fn.cases} case${fn.cases === 1 ? '' : 's'}, ${fn.propertyRuns} runs`)}` : c.yellow(`${fn.name} never called`),
  );
  lines.push(` ${pluginLabel(plugin)}  ${fns.length === 0 ? c.dim('no declared functions') : fns.join(' · ')}`);
  const host = plugin.coverage.hostFunctionsCalled;
  const imported = plugin.coverage.hostFunctionsImported;
  const reads = plugin.coverage.staticReads;
  lines.push(
    `   ${c.dim('host functions called:')} ${host.length === 0 ? 'none' : host.join(', ')} ${c.dim(`(imported: ${imported.length === 0 ? 'none' : imported.join(', ')})`)}` +
      ` ${c.dim('· static reads:')} ${reads.length === 0 ? 'none' : safeText(reads.join(', '), 300)}`,
  );
  const http = plugin.coverage.httpRequests;
  if (http !== undefined) lines.push(`   ${c.dim('http requests:')} ${safeText(http.join(', '), 500)}`);
  for (const line of contractSummaries(plugin)) lines.push(`   ${c.dim('contract')} ${safeText(line, 600)}`);
  return lines;
}

function renderSummary(report: RunReport, tail: ConsoleTail, requireCoverage: boolean, c: Colors): string {
  const s = report.summary;
  const pluginsFailed = tail.pluginsFailed;
  const failingCounts = FAILING_STATUSES.filter((k) => s.byStatus[k] > 0).map((k) => c.red(`${s.byStatus[k]} ${k}`));
  const otherCounts = (['pass', 'skip', 'xfail'] as const).filter((k) => s.byStatus[k] > 0).map((k) => (k === 'pass' ? c.green(`${s.byStatus[k]} pass`) : c.yellow(`${s.byStatus[k]} ${k}`)));
  const gaps = tail.gapLines;
  const coverageFails = requireCoverage && gaps.length > 0;
  const verdict = s.verdict === 'pass' && !coverageFails;
  const duration = Date.parse(report.meta.finishedAt) - Date.parse(report.meta.startedAt);
  const lines = [
    '',
    `  ${c.dim('Plugins')}  ${pluginsFailed > 0 ? `${c.red(`${pluginsFailed} failed`)} | ` : ''}${c.green(`${s.plugins - pluginsFailed} passed`)} ${c.dim(`(${s.plugins})`)}`,
    `   ${c.dim('Checks')}  ${[...failingCounts, ...otherCounts].join(' | ') || 'none'} ${c.dim(`(${s.checks})`)}`,
    ` ${c.dim('Coverage')}  ${gaps.length === 0 ? 'every declared function was called' : (coverageFails ? c.red : c.yellow)(`${gaps.length} declared function${gaps.length === 1 ? '' : 's'} never called`)}`,
    `     ${c.dim('Seed')}  ${report.meta.seed}${report.meta.shard === undefined ? '' : ` ${c.dim(`shard ${report.meta.shard.index}/${report.meta.shard.count}`)}`}`,
    ` ${c.dim('Duration')}  ${Number.isFinite(duration) ? formatDuration(duration) : 'unknown'}`,
    `  ${c.dim('Verdict')}  ${verdict ? c.green(c.bold('PASS')) : c.red(c.bold('FAIL'))}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
