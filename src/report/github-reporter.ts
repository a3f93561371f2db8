import { appendFile } from 'node:fs/promises';
import { KegcheckError } from '../kegcheck-error.js';
import type { RunReport } from '../model/result.js';
import { coverageGaps } from './coverage-gaps.js';
import { displayPath } from './_internals/display-path.js';
import { failureMessage } from './_internals/failure-details.js';
import { benchmarkSummary } from './_internals/benchmark-rows.js';
import { lineDiff } from './_internals/line-diff.js';
import { truncate, visibleControls } from './_internals/plain-text.js';
import { replayOf } from './_internals/replay-of.js';
import { failingChecks, pluginLabel } from './_internals/report-walk.js';
import { renderMarkdownSummary } from './markdown-reporter.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';

/** GitHub shows at most 10 error annotations per step; more only add noise. */
const MAX_ANNOTATIONS = 10;

/** Escapes a workflow command's message (`%`, CR, LF). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (message escapes plus `:` and `,`). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeCommandProperty(String(v))}`)
    .join(',');
  return `::${kind}${props === '' ? '' : ` ${props}`}::${escapeCommandData(visibleControls(message))}\n`;
}

// Annotations attach to files by path relative to the checked-out repository.
function workspacePath(file: string, env: NodeJS.ProcessEnv): string {
  const workspace = env['GITHUB_WORKSPACE'];
  if (workspace === undefined || workspace === '') return displayPath(file);
  return displayPath(file, workspace);
}

/** The `::error` / `::warning` workflow commands for a report's first failures and coverage gaps. */
export function renderGithubAnnotations(report: RunReport, env: NodeJS.ProcessEnv, requireCoverage = false): string {
  const out: string[] = [];
  const failures = failingChecks(report);
  for (const failure of failures.slice(0, MAX_ANNOTATIONS)) {
    const { suite, plugin, check } = failure;
    const lines = [`${pluginLabel(plugin)} › ${check.name} [${check.id}]: ${failureMessage(check)}`];
    if (check.diff !== undefined) {
      const diff = lineDiff(check.diff.expected, check.diff.actual).filter((l) => l.kind !== 'same');
      lines.push(...diff.slice(0, 12).map((l) => `${l.kind === 'expected' ? '- expected' : '+ actual  '} ${l.text}`));
    }
    if (check.counterexample !== undefined) lines.push(`counterexample: ${check.counterexample.hex}`);
    if (check.benchmark !== undefined) lines.push(`benchmark: ${benchmarkSummary(check.benchmark)}`);
    lines.push(`replay: ${replayOf(failure)}`);
    out.push(
      command(
        'error',
        {
          file: workspacePath(check.location?.file ?? suite.file, env),
          line: check.location?.line,
          col: check.location?.column,
          title: `kegcheck ${check.status}: ${pluginLabel(plugin)} ${check.id}`,
        },
        truncate(lines.join('\n'), 4000),
      ),
    );
  }
  if (failures.length > MAX_ANNOTATIONS) {
    out.push(command('error', { title: 'kegcheck' }, `${failures.length - MAX_ANNOTATIONS} more failing checks: see the step summary and the uploaded reports`));
  }
  for (const gap of coverageGaps(report, requireCoverage)) {
    out.push(
      command(gap.severity, { file: workspacePath(gap.suite.file, env), title: `kegcheck coverage: ${gap.keg}:${gap.plugin}` }, `declared function '${gap.function}' was never called by any check`),
    );
  }
  return out.join('');
}

/**
 * GitHub Actions: `::error` annotations pointing at the suite file and line of
 * each of the first failing cases (when GITHUB_ACTIONS=true), and the full
 * Markdown summary appended to $GITHUB_STEP_SUMMARY (when that is set).
 */
export function createGithubReporter(context: ReporterContext): Reporter {
  return {
    name: 'github',
    async onEnd(report) {
      const requireCoverage = context.requireCoverage === true;
      if (context.env['GITHUB_ACTIONS'] === 'true') context.write(renderGithubAnnotations(report, context.env, requireCoverage));
      const summaryFile = context.env['GITHUB_STEP_SUMMARY'];
      if (summaryFile === undefined || summaryFile === '') return [];
      try {
        await appendFile(summaryFile, `${renderMarkdownSummary(report, requireCoverage)}\n`, 'utf8');
      } catch (cause) {
        throw new KegcheckError('github-step-summary', `cannot append to GITHUB_STEP_SUMMARY (${summaryFile}): ${(cause as Error).message}`, { cause });
      }
      return [summaryFile];
    },
  };
}
