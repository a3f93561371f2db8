import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { formatFinding, formatFindings } from './format-finding.js';

describe('finding codes', () => {
  it('are a closed list: a code outside FindingCode does not compile (npm run typecheck runs this file)', () => {
    // @ts-expect-error 'no-such-finding' is not a FindingCode; when this line compiles, the union was widened to string.
    const finding: Finding = { code: 'no-such-finding', severity: 'error', message: 'x', location: { file: 'keg.toml' } };
    expect(finding.code).toBe('no-such-finding');
  });
});

describe('formatFinding', () => {
  const warning: Finding = { code: 'suite-property', severity: 'warning', message: 'runs: unused', expected: 'a count', location: { file: 's.suite.toml', line: 3, column: 1 } };
  it('puts place, severity, message, code and expectation in one form', () => {
    expect(formatFinding(warning)).toBe('s.suite.toml:3:1: warning: runs: unused [suite-property]\n    expected: a count');
    expect(formatFinding(warning, { expected: false })).toBe('s.suite.toml:3:1: warning: runs: unused [suite-property]');
    expect(formatFindings([warning, { ...warning, severity: 'error', expected: undefined as never }])).toBe(
      's.suite.toml:3:1: warning: runs: unused [suite-property]\n    expected: a count\ns.suite.toml:3:1: runs: unused [suite-property]\n',
    );
  });
});
