import type { CheckResult, HttpRequestRecord, MockCallRecord } from '../../model/result.js';
import { safeText } from './plain-text.js';
import { benchmarkSummary } from './benchmark-rows.js';

// A labelled block of a failure's details, shared by the text-like reporters.
export interface DetailBlock {
  readonly label: string;
  readonly lines: readonly string[];
}

const MAX_LINES = 20;

function capped(lines: readonly string[]): string[] {
  const out = lines.slice(0, MAX_LINES).map((line) => safeText(line, 500));
  if (lines.length > MAX_LINES) out.push(`… ${lines.length - MAX_LINES} more`);
  return out;
}

// The message of a failing or expected-to-fail check, xpass explained.
export function failureMessage(check: CheckResult): string {
  if (check.status === 'xpass') {
    return `listed in expected_fail${check.expectedFailReason === undefined ? '' : ` (${check.expectedFailReason})`} but passed: remove the entry`;
  }
  const base = check.message ?? `check ${check.status}`;
  return check.status === 'timeout' && check.message === undefined ? 'timed out' : base;
}

// A hex view spans several lines; its continuation lines stay under the first.
function labelled(label: string, text: string): string[] {
  const pad = ' '.repeat(8);
  return text.split('\n').map((line, i) => (i === 0 ? `${label.padEnd(8)}${line}` : `${pad}${line}`));
}

// Counterexample, prints, logs and static reads of a check, as labelled line blocks.
export function detailBlocks(check: CheckResult): DetailBlock[] {
  const blocks: DetailBlock[] = [];
  const cx = check.counterexample;
  if (cx !== undefined) {
    const lines = [
      ...labelled('values', safeText(JSON.stringify(cx.values) ?? 'undefined', 1000)),
      ...labelled('input', safeText(cx.hex, 2000)),
    ];
    if (cx.outputHex !== undefined) lines.push(...labelled('output', safeText(cx.outputHex, 2000)));
    blocks.push({ label: `counterexample (after ${cx.shrinks} shrink${cx.shrinks === 1 ? '' : 's'})`, lines });
  }
  if (check.benchmark !== undefined) blocks.push({ label: 'benchmark', lines: capped(benchmarkSummary(check.benchmark).split(' · ')) });
  if (check.prints !== undefined && check.prints.length > 0) blocks.push({ label: 'prints', lines: capped(check.prints) });
  if (check.logs !== undefined && check.logs.length > 0) blocks.push({ label: 'logs', lines: capped(check.logs.map((log) => `[${log.level}] ${log.text}`)) });
  if (check.staticReads !== undefined && check.staticReads.length > 0) {
    blocks.push({
      label: 'static reads',
      lines: capped(
        check.staticReads.map((read) => {
          const where = read.resolved === undefined ? '' : ` (${read.resolved})`;
          const why = read.reason === undefined ? '' : `: ${read.reason}`;
          return `${read.path} → ${read.outcome}${where}${why}`;
        }),
      ),
    });
  }
  if (check.httpRequests !== undefined && check.httpRequests.length > 0) blocks.push({ label: 'http requests', lines: capped(check.httpRequests.map(httpRequestLine)) });
  if (check.hostCalls !== undefined && check.hostCalls.length > 0) blocks.push({ label: 'host calls', lines: capped(check.hostCalls.map(hostCallLine)) });
  if (check.notes !== undefined && check.notes.length > 0) blocks.push({ label: 'notes', lines: capped(check.notes) });
  return blocks;
}

/** `GET https://x/y → 200` (or how the host refused it). */
export function httpRequestLine(request: HttpRequestRecord): string {
  return `${request.method} ${request.url} → ${request.status === undefined ? request.outcome : `${request.status}${request.outcome === 'answered' ? '' : ` (${request.outcome})`}`}`;
}

/** `name("input")` or `name(hex 00ff)`. */
export function hostCallLine(call: MockCallRecord): string {
  return `${call.name}(${typeof call.input === 'string' ? JSON.stringify(call.input) : `hex ${call.input.hex}`})`;
}
