import { describe, expect, it } from 'vitest';
import type { SuiteFunction } from '../../suite.js';
import { convertExpect } from './case-expectation.js';
import type { ReportFinding } from './section-context.js';
import { convertInput } from './step-values.js';

const JSON_FN: SuiteFunction = { name: 'count', input: { kind: 'raw', framing: 'string' }, output: { kind: 'raw', framing: 'json' }, at: { file: 'x' } };
const PACKED_FN: SuiteFunction = {
  name: 'add',
  input: { kind: 'packed', fields: [{ name: 'a', type: 'i64' }, { name: 'b', type: 'str' }] },
  output: { kind: 'packed', fields: [{ name: 'sum', type: 'i64' }] },
  at: { file: 'x' },
};

function recorder(): { report: ReportFinding; codes: Array<[string, string]> } {
  const codes: Array<[string, string]> = [];
  return { report: (code, pointer) => codes.push([code, pointer]), codes };
}

describe('case values', () => {
  it('converts expectations that fit the function and reports those that do not, at the key', () => {
    const { report, codes } = recorder();
    expect(convertExpect(report, '/s', JSON_FN, { json: { count: 2 } }, '/cases/0/expect')).toEqual({ kind: 'json', value: { count: 2 } });
    expect(convertExpect(report, '/s', PACKED_FN, { returns: [3] }, '/cases/0/expect')).toEqual({ kind: 'returns', values: [3n] });
    expect(convertExpect(report, '/s', JSON_FN, { file: 'golden/a.json' }, '/cases/0/expect')).toEqual({ kind: 'file', path: '/s/golden/a.json', relative: 'golden/a.json' });
    expect(codes).toEqual([]);
    expect(convertExpect(report, '/s', PACKED_FN, { json: 1 }, '/cases/1/expect')).toBeUndefined();
    expect(convertExpect(report, '/s', JSON_FN, { bytes: { hex: 'abc' } }, '/cases/2/expect')).toBeUndefined();
    expect(convertExpect(report, '/s', JSON_FN, { error: '(' }, '/cases/3/expect')).toBeUndefined();
    expect(convertExpect(report, '/s', JSON_FN, { file: '../out.json' }, '/cases/4/expect')).toBeUndefined();
    expect(codes).toEqual([
      ['suite-expect', '/cases/1/expect/json'],
      ['suite-expect', '/cases/2/expect/bytes/hex'],
      ['suite-regex', '/cases/3/expect/error'],
      ['suite-golden-path', '/cases/4/expect/file'],
    ]);
  });

  it('converts inputs to the declared shape: raw input, packed args by type, and refuses the other form', () => {
    const { report, codes } = recorder();
    expect(convertInput(report, JSON_FN, { input: 'aa' }, '/cases/0')).toEqual(['aa']);
    expect(convertInput(report, PACKED_FN, { args: [1, 'x'] }, '/cases/0')).toEqual([1n, 'x']);
    expect(codes).toEqual([]);
    expect(convertInput(report, JSON_FN, { args: [] }, '/cases/1')).toBeUndefined();
    expect(convertInput(report, PACKED_FN, { args: [1] }, '/cases/2')).toBeUndefined();
    expect(convertInput(report, PACKED_FN, { args: ['no', 'x'] }, '/cases/3')).toBeUndefined();
    expect(codes).toEqual([
      ['suite-value', '/cases/1/args'],
      ['suite-value', '/cases/2/args'],
      ['suite-value', '/cases/3/args/0'],
    ]);
  });
});
