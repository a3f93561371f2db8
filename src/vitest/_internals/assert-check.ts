import { expect } from 'vitest';
import type { CheckResult } from '../../model/result.js';

// Diffs arrive as rendered text; when both sides are JSON, comparing the
// parsed values gives vitest's structural diff instead of a text blob.
function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

// Everything a person needs to act on a failing check, as one message.
export function describeCheckFailure(check: CheckResult, replay: string): string {
  const lines = [`${check.status}: ${check.message ?? check.name}`];
  if (check.status === 'xpass') lines.push(`listed in expected_fail${check.expectedFailReason === undefined ? '' : ` (${check.expectedFailReason})`} but passed: remove the entry`);
  if (check.location !== undefined) lines.push(`at ${check.location.file}${check.location.line === undefined ? '' : `:${check.location.line}:${check.location.column ?? 1}`}`);
  const cx = check.kind === 'property' ? check.counterexample : undefined;
  if (cx !== undefined) {
    lines.push(`counterexample (${cx.shrinks} shrinks): ${JSON.stringify(cx.values)}`, `input  ${cx.hex}`);
    if (cx.outputHex !== undefined) lines.push(`output ${cx.outputHex}`);
  }
  if ((check.kind === 'property' || check.kind === 'benchmark') && check.seed !== undefined) lines.push(`seed ${check.seed}${(check.kind === 'property' ? check.replayPath : undefined) === undefined ? '' : ` path ${(check.kind === 'property' ? check.replayPath : undefined)}`}`);
  for (const log of check.kind === 'case' || check.kind === 'property' ? (check.logs ?? []) : []) lines.push(`log [${log.level}] ${log.text}`);
  // The command alone on its line, so it can be copied as it is.
  lines.push('replay:', replay);
  return lines.join('\n');
}

// vitest appends ": expected … to deeply equal …" to a message's last line: a line of
// its own keeps that sentence off the replay command.
function withDiffLine(message: string): string {
  return `${message}\ndiff`;
}

// Turns a check result into a vitest outcome: a pass or expected failure
// returns, a mismatch fails through `expect(actual).toEqual(expected)` (so
// vitest prints its own diff), anything else fails with the check's message.
export function assertCheck(check: CheckResult, replay: string): void {
  switch (check.status) {
    case 'pass':
    case 'xfail':
    case 'skip':
      return;
    case 'fail':
      if ((check.kind === 'case' || check.kind === 'property') && check.diff !== undefined) {
        const expected = parsed(check.diff.expected);
        const actual = parsed(check.diff.actual);
        const message = withDiffLine(describeCheckFailure(check, replay));
        if (expected.ok && actual.ok) expect(actual.value, message).toEqual(expected.value);
        else expect(check.diff.actual, message).toEqual(check.diff.expected);
      }
      break;
    case 'error':
    case 'timeout':
    case 'xpass':
      break;
  }
  // Reached for failures without a usable diff (or a diff whose two sides
  // compare equal once parsed, e.g. a tolerance or a log-level mismatch).
  expect.fail(describeCheckFailure(check, replay));
}
