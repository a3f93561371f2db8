import type { Finding } from './finding.js';
import { formatLocation } from './kegcheck-error.js';

/**
 * One finding for people: `file:line:col: [warning: ]message [code]`, and
 * with `expected` (the default) the expectation on an indented line below.
 * Every command, the vitest integration and the interface check's message
 * use this one form.
 */
export function formatFinding(f: Finding, options: { readonly expected?: boolean } = {}): string {
  const expected = options.expected !== false && f.expected !== undefined ? `\n    expected: ${f.expected}` : '';
  return `${formatLocation(f.location)}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message} [${f.code}]${expected}`;
}

/** Each finding on its own line(s), every one ending in a newline (for stderr). */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${formatFinding(f)}\n`).join('');
}
