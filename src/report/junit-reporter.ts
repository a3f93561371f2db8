import type { CheckResult, PluginResult, RunReport, SuiteResult } from '../model/result.js';
import { displayPath } from './_internals/display-path.js';
import { detailBlocks, failureMessage, hostCallLine, httpRequestLine } from './_internals/failure-details.js';
import { lineDiff } from './_internals/line-diff.js';
import { truncate } from './_internals/plain-text.js';
import { replayOf } from './_internals/replay-of.js';
import { countStatuses, pluginLabel, sumDuration } from './_internals/report-walk.js';
import { benchmarkSummary } from './_internals/benchmark-rows.js';
import { SpoolFile, writeSpooledReport } from './_internals/spool-file.js';
import { writeReportFile } from './_internals/write-report-file.js';
import { xmlAttr, xmlText } from './_internals/xml-escape.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';

/** File name of the JUnit XML report inside the output folder. */
export const JUNIT_REPORT_FILE = 'junit.xml';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function attrs(pairs: Record<string, string | number | undefined>): string {
  return Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

function failureBody(suite: SuiteResult['suite'], plugin: PluginResult, check: CheckResult): string {
  const lines: string[] = [failureMessage(check)];
  if (check.location !== undefined) lines.push(`at ${displayPath(check.location.file)}${check.location.line === undefined ? '' : `:${check.location.line}`}`);
  if (check.diff !== undefined) {
    lines.push('', '- expected', '+ actual');
    for (const line of lineDiff(check.diff.expected, check.diff.actual)) lines.push(`${line.kind === 'expected' ? '-' : line.kind === 'actual' ? '+' : ' '} ${line.text}`);
  }
  for (const block of detailBlocks(check)) lines.push('', `${block.label}:`, ...block.lines.map((l) => `  ${l}`));
  if (check.seed !== undefined) lines.push('', `seed ${check.seed}${check.replayPath === undefined ? '' : ` path ${check.replayPath}`}`);
  lines.push(`replay: ${replayOf({ suite, plugin, check })}`);
  return truncate(lines.join('\n'), 64_000);
}

function testcase(suite: SuiteResult['suite'], plugin: PluginResult, check: CheckResult): string {
  const head = `    <testcase${attrs({
    name: `${check.name} [${check.id}]`,
    classname: `${plugin.keg.name}.${plugin.plugin.name}`,
    time: seconds(check.durationMs),
    file: displayPath(check.location?.file ?? suite.file),
    line: check.location?.line,
  })}`;
  const inner: string[] = [];
  const message = truncate(failureMessage(check), 1000);
  switch (check.status) {
    case 'fail':
    case 'xpass':
      inner.push(`      <failure${attrs({ message, type: check.status })}>${xmlText(failureBody(suite, plugin, check))}</failure>`);
      break;
    case 'error':
    case 'timeout':
      inner.push(`      <error${attrs({ message, type: check.status })}>${xmlText(failureBody(suite, plugin, check))}</error>`);
      break;
    case 'skip':
      inner.push(`      <skipped${attrs({ message: check.message ?? 'skipped' })}/>`);
      break;
    case 'xfail':
      inner.push(`      <skipped${attrs({ message: `expected failure${check.expectedFailReason === undefined ? '' : `: ${check.expectedFailReason}`}` })}/>`);
      break;
    case 'pass':
      break;
  }
  const out = [
    ...(check.prints ?? []),
    ...(check.logs ?? []).map((l) => `[${l.level}] ${l.text}`),
    ...(check.httpRequests ?? []).map((r) => `[http] ${httpRequestLine(r)}`),
    ...(check.hostCalls ?? []).map((c) => `[host call] ${hostCallLine(c)}`),
    ...(check.benchmark === undefined ? [] : [`[benchmark] ${benchmarkSummary(check.benchmark)}`]),
  ];
  if (out.length > 0) inner.push(`      <system-out>${xmlText(truncate(out.join('\n'), 64_000))}</system-out>`);
  return inner.length === 0 ? `${head}/>` : `${head}>\n${inner.join('\n')}\n    </testcase>`;
}

// What each <testsuite> repeats of the run; known when the run starts, so blocks can stream.
interface RunAttributes {
  readonly seed: number;
  readonly startedAt: string;
  readonly hostname?: string | undefined;
}

// One <testsuite> (a keg × plugin under one suite), with its trailing newline.
function testsuiteBlock(suite: SuiteResult['suite'], plugin: PluginResult, run: RunAttributes): string {
  const counts = countStatuses(plugin.checks);
  const properties: Record<string, string> = {
    'suite.file': displayPath(suite.file),
    'suite.type': suite.type,
    'suite.version': suite.version,
    ...(suite.package === undefined ? {} : { 'suite.package': `${suite.package.name}@${suite.package.version}` }),
    seed: String(run.seed),
    'keg.name': plugin.keg.name,
    'keg.version': plugin.keg.version,
    'keg.source': displayPath(plugin.keg.source),
    'plugin.type': plugin.plugin.type,
    'wasm.sha256': plugin.plugin.wasmSha256,
    'coverage.never-called': plugin.coverage.functions.filter((f) => !f.called).map((f) => f.name).join(',') ,
    'coverage.host-functions-called': plugin.coverage.hostFunctionsCalled.join(','),
    'coverage.static-reads': plugin.coverage.staticReads.join(','),
  };
  return `${[
    `  <testsuite${attrs({
      name: `${pluginLabel(plugin)} (${suite.type}@${suite.version})`,
      tests: plugin.checks.length,
      failures: counts.fail + counts.xpass,
      errors: counts.error + counts.timeout,
      skipped: counts.skip + counts.xfail,
      time: seconds(sumDuration(plugin.checks)),
      timestamp: run.startedAt,
      hostname: run.hostname,
    })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...plugin.checks.map((check) => testcase(suite, plugin, check)),
    '  </testsuite>',
  ].join('\n')}\n`;
}

// The XML declaration and the <testsuites> element: its counts need the whole run.
function junitHead(report: RunReport): string {
  const s = report.summary;
  const total = Date.parse(report.meta.finishedAt) - Date.parse(report.meta.startedAt);
  return `${[
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({
      name: 'kegcheck',
      tests: s.checks,
      failures: s.byStatus.fail + s.byStatus.xpass,
      errors: s.byStatus.error + s.byStatus.timeout,
      skipped: s.byStatus.skip + s.byStatus.xfail,
      time: Number.isFinite(total) ? seconds(total) : undefined,
      timestamp: report.meta.startedAt,
    })}>`,
  ].join('\n')}\n`;
}

const JUNIT_TAIL = '</testsuites>\n';

/** Renders a run report as JUnit XML: testsuites > testsuite per keg × plugin > testcase per check. */
export function renderJunitReport(report: RunReport): string {
  const blocks: string[] = [];
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) blocks.push(testsuiteBlock(suite.suite, plugin, report.meta));
  }
  return `${junitHead(report)}${blocks.join('')}${JUNIT_TAIL}`;
}

/**
 * JUnit XML that CI systems ingest, as `junit.xml`. Streamed: each
 * <testsuite> goes to a spool file in the output folder as its plugin
 * finishes; the <testsuites> head, whose counts need the whole run, is written
 * at the end in front of it (the same bytes as renderJunitReport).
 */
export function createJunitReporter(context: ReporterContext): Reporter {
  let run: RunAttributes | undefined;
  let spool: SpoolFile | undefined;
  let streamed = 0;
  // A write that fails mid-run is reported by onEnd, not thrown into the runner.
  let failure: { error: unknown } | undefined;
  const discard = (): void => {
    spool?.discard();
    spool = undefined;
  };
  return {
    name: 'junit',
    streams: true,
    onStart(info) {
      // Without the start time a block cannot be written yet: onEnd renders the whole report.
      if (info.startedAt !== undefined) run = { seed: info.seed, startedAt: info.startedAt, hostname: info.hostname };
    },
    onPluginResult(suite, plugin) {
      if (run === undefined || failure !== undefined) return;
      try {
        spool ??= SpoolFile.open(context.outDir, JUNIT_REPORT_FILE);
        spool.append(testsuiteBlock(suite, plugin, run));
        streamed += 1;
      } catch (error) {
        failure = { error };
        discard();
      }
    },
    async onEnd(report) {
      try {
        if (failure !== undefined) throw failure.error;
        if (run === undefined) return [await writeReportFile(context.outDir, JUNIT_REPORT_FILE, renderJunitReport(report))];
        const { seed, startedAt, hostname } = report.meta;
        if (streamed !== report.summary.plugins || seed !== run.seed || startedAt !== run.startedAt || hostname !== run.hostname) {
          throw new Error(`internal error: the JUnit reporter streamed ${streamed} plugin results of run ${run.startedAt}, the report counts ${report.summary.plugins} of ${startedAt}`);
        }
        spool ??= SpoolFile.open(context.outDir, JUNIT_REPORT_FILE);
        return [await writeSpooledReport(context.outDir, JUNIT_REPORT_FILE, junitHead(report), spool, JUNIT_TAIL)];
      } finally {
        discard();
      }
    },
    async onAbandon() {
      discard();
    },
  };
}
