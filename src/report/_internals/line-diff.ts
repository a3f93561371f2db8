import { createRequire } from 'node:module';
import type { diffLines as DiffLines } from 'diff';

// jsdiff's line diff alone, loaded at the first failure to show: a passing
// run never pays for it (the whole package is ~20 modules).
const require = createRequire(import.meta.url);
let diffLines: typeof DiffLines | undefined;
function loadDiffLines(): typeof DiffLines {
  diffLines ??= (require('diff/lib/diff/line.js') as { diffLines: typeof DiffLines }).diffLines;
  return diffLines;
}

// One line of an expected/actual diff: unchanged, only expected, or only actual.
export interface DiffLine {
  readonly kind: 'same' | 'expected' | 'actual';
  readonly text: string;
}

// A hostile plugin can return megabytes; diffing that is quadratic in the
// worst case, so both sides are cut and the diff gives up after a short time.
const MAX_DIFF_CHARS = 20_000;
const DIFF_TIMEOUT_MS = 250;

function cut(text: string): string {
  return text.length <= MAX_DIFF_CHARS ? text : `${text.slice(0, MAX_DIFF_CHARS)}\n… (${text.length - MAX_DIFF_CHARS} more characters)`;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// Line diff of expected vs actual text (jsdiff), bounded in size and time.
export function lineDiff(expected: string, actual: string): DiffLine[] {
  const a = cut(expected);
  const b = cut(actual);
  const changes = loadDiffLines()(a, b, { timeout: DIFF_TIMEOUT_MS });
  if (changes === undefined) {
    return [...splitLines(a).map((text) => ({ kind: 'expected' as const, text })), ...splitLines(b).map((text) => ({ kind: 'actual' as const, text }))];
  }
  const out: DiffLine[] = [];
  for (const change of changes) {
    const kind = change.added ? 'actual' : change.removed ? 'expected' : 'same';
    for (const text of splitLines(change.value)) out.push({ kind, text });
  }
  return out;
}
