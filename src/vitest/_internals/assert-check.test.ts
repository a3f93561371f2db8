import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../model/result.js';
import { assertCheck, describeCheckFailure } from './assert-check.js';

const base: CheckResult = { id: 'case:hello', kind: 'case', name: 'hello', function: 'count_vowels', status: 'pass', durationMs: 1, location: { file: 'x.suite.toml', line: 12, column: 1 } };

function thrown(check: CheckResult): Error & { expected?: unknown; actual?: unknown } {
  try {
    assertCheck(check, 'kegcheck run x.suite.toml keg --check case:hello');
  } catch (error) {
    return error as Error;
  }
  throw new Error(`assertCheck accepted a ${check.status} check`);
}

describe('assertCheck', () => {
  it('accepts pass, xfail and skip', () => {
    for (const status of ['pass', 'xfail', 'skip'] as const) expect(() => assertCheck({ ...base, status }, '')).not.toThrow();
  });

  it('compares JSON diffs structurally, so vitest shows its own diff', () => {
    const error = thrown({ ...base, status: 'fail', message: 'output differs', diff: { expected: '{"count": 2}', actual: '{"count": 3}' } });
    expect(error.expected).toEqual({ count: 2 });
    expect(error.actual).toEqual({ count: 3 });
    expect(error.message).toContain('fail: output differs');
    const lines = error.message.split('\n');
    expect(lines).toContain('kegcheck run x.suite.toml keg --check case:hello');
    expect(lines[lines.indexOf('kegcheck run x.suite.toml keg --check case:hello') - 1]).toBe('replay:');
    expect(lines.at(-1)).toMatch(/^diff: expected /);
  });

  it('compares text diffs as strings', () => {
    const error = thrown({ ...base, status: 'fail', diff: { expected: 'héllo', actual: 'h' } });
    expect(error.expected).toBe('héllo');
    expect(error.actual).toBe('h');
  });

  it('fails even when the rendered sides are equal (a tolerance or log-level mismatch)', () => {
    expect(thrown({ ...base, status: 'fail', message: 'logs differ', diff: { expected: '[1]', actual: '[1]' } }).message).toContain('logs differ');
  });

  it('fails errors, timeouts and xpass with the whole story', () => {
    expect(thrown({ ...base, status: 'error', message: 'plugin trapped' }).message).toContain('error: plugin trapped');
    expect(thrown({ ...base, status: 'timeout', message: 'call exceeded 500 ms' }).message).toContain('timeout: call exceeded 500 ms');
    expect(thrown({ ...base, status: 'xpass', expectedFailReason: 'bug #3' }).message).toContain('listed in expected_fail (bug #3) but passed');
  });

  it('describes counterexample, seed, logs and place', () => {
    const text = describeCheckFailure(
      { ...base, kind: 'property', function: 'count_vowels', status: 'fail', message: 'property failed', seed: 7, replayPath: '3:1', counterexample: { values: ['A'], hex: '41', shrinks: 2, outputHex: '7b 7d' }, logs: [{ level: 'warn', text: 'hm' }] },
      'replay-cmd',
    );
    expect(text.split('\n')).toEqual(['fail: property failed', 'at x.suite.toml:12:1', 'counterexample (2 shrinks): ["A"]', 'input  41', 'output 7b 7d', 'seed 7 path 3:1', 'log [warn] hm', 'replay:', 'replay-cmd']);
  });
});
