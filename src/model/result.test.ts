import { describe, expect, it } from 'vitest';
import { isFailing, summarize, type CheckResult, type SuiteResult } from './result.js';

const check = (status: CheckResult['status']): CheckResult => ({ id: `c:${status}`, kind: 'case', name: status, status, durationMs: 1 });

function suiteWith(statuses: CheckResult['status'][]): SuiteResult {
  return {
    suite: { file: 's.suite.toml', type: 't.x', version: '1.0.0' },
    plugins: [
      {
        keg: { name: 'k', version: '1.0.0', source: 'k' },
        plugin: { name: 'p', type: 't.x', wasmSha256: '00' },
        checks: statuses.map(check),
        coverage: { functions: [], hostFunctionsImported: [], hostFunctionsCalled: [], staticReads: [] },
        verdict: statuses.some(isFailing) ? 'fail' : 'pass',
      },
    ],
  };
}

describe('summarize', () => {
  it('passes when only pass, skip and xfail occur', () => {
    const summary = summarize([suiteWith(['pass', 'skip', 'xfail'])]);
    expect(summary.verdict).toBe('pass');
    expect(summary.checks).toBe(3);
    expect(summary.byStatus.xfail).toBe(1);
  });

  it.each(['fail', 'error', 'timeout', 'xpass'] as const)('fails the run on %s', (status) => {
    expect(summarize([suiteWith(['pass', status])]).verdict).toBe('fail');
  });
});
