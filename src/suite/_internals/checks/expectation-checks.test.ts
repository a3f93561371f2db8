import { describe, expect, it } from 'vitest';
import { encode } from '../../../codec/encode.js';
import type { CallOutcome, CallResult } from '../../../host/plugin-spec.js';
import type { CaseStep, Expectation, SuiteFunction } from '../../suite.js';
import type { PluginRunContext } from '../plugin-context.js';
import { checkExpectation, EXPECTATION_CHECKS } from './expectation-checks.js';

const JSON_FN: SuiteFunction = { name: 'count', input: { kind: 'raw', framing: 'string' }, output: { kind: 'raw', framing: 'json' }, at: { file: 'x' } };
const PACKED_FN: SuiteFunction = { name: 'sum', input: { kind: 'raw', framing: 'none' }, output: { kind: 'packed', fields: [{ name: 'x', type: 'f32' }] }, at: { file: 'x' } };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const result = (outcome: CallOutcome, prints: string[] = []): CallResult => ({ ...outcome, elapsedMs: 1, prints, logs: [], staticReads: [], hostCalls: [] });

// Checks other than golden files never touch the run context.
async function judge(fn: SuiteFunction, expect_: Expectation, outcome: CallResult, extra: Partial<CaseStep> = {}) {
  const step: CaseStep = { function: fn.name, input: [], expect: expect_, at: { file: 'x' }, ...extra };
  const notes: string[] = [];
  const verdict = await checkExpectation({ ctx: {} as PluginRunContext, fn, step, expect: expect_, result: outcome, notes });
  return { verdict, notes };
}

describe('expectation checks', () => {
  it('have one check per expectation kind', () => {
    expect(Object.keys(EXPECTATION_CHECKS).sort()).toEqual(['bytes', 'error', 'file', 'json', 'outcome', 'returns', 'text']);
  });

  it('json: equal values pass (within tolerance), others fail with a diff; a timeout stays a timeout', async () => {
    expect((await judge(JSON_FN, { kind: 'json', value: { n: 1 } }, result({ kind: 'ok', output: text('{"n":1.05}') }), { tolerance: 0.1 })).verdict).toBeUndefined();
    expect((await judge(JSON_FN, { kind: 'json', value: { n: 1 } }, result({ kind: 'ok', output: text('{"n":2}') }))).verdict).toMatchObject({ message: 'JSON output differs' });
    expect((await judge(JSON_FN, { kind: 'json', value: 1 }, result({ kind: 'timeout', message: 't' }))).verdict?.status).toBe('timeout');
    expect((await judge(JSON_FN, { kind: 'json', value: 1 }, result({ kind: 'trap', message: 'boom' }))).verdict?.message).toMatch(/^the call failed: /);
  });

  it('text and bytes compare exactly; matching output is still held to the expected prints', async () => {
    expect((await judge(JSON_FN, { kind: 'text', text: 'hi' }, result({ kind: 'ok', output: text('hi') }))).verdict).toBeUndefined();
    expect((await judge(JSON_FN, { kind: 'text', text: 'hi' }, result({ kind: 'ok', output: text('ho') }))).verdict?.message).toBe('text output differs');
    expect((await judge(JSON_FN, { kind: 'bytes', bytes: new Uint8Array([1]) }, result({ kind: 'ok', output: new Uint8Array([2]) }))).verdict?.message).toBe('output bytes differ');
    const printed = await judge(JSON_FN, { kind: 'text', text: 'hi' }, result({ kind: 'ok', output: text('hi') }, ['other']), { prints: ['expected'] });
    expect(printed.verdict).toBeDefined();
  });

  it('returns decode the packed output and compare by type', async () => {
    const output = encode(PACKED_FN.output, [1.5]);
    expect((await judge(PACKED_FN, { kind: 'returns', values: [1.5] }, result({ kind: 'ok', output }))).verdict).toBeUndefined();
    expect((await judge(PACKED_FN, { kind: 'returns', values: [2.5] }, result({ kind: 'ok', output }))).verdict?.message).toBe('returned values differ');
  });

  it('error: a plugin error must match the pattern; success or a host failure does not count', async () => {
    const expectation: Expectation = { kind: 'error', pattern: /bad input/, source: 'bad input' };
    expect((await judge(JSON_FN, expectation, result({ kind: 'plugin-error', message: 'bad input: x' }))).verdict).toBeUndefined();
    expect((await judge(JSON_FN, expectation, result({ kind: 'plugin-error', message: 'other' }))).verdict?.message).toBe('the error does not match /bad input/');
    expect((await judge(JSON_FN, expectation, result({ kind: 'ok', output: text('1') }))).verdict?.message).toMatch(/the call succeeded$/);
    expect((await judge(JSON_FN, expectation, result({ kind: 'memory-limit', message: 'm' }))).verdict?.message).toMatch(/^expected a plugin error/);
  });

  it('outcome: the ending the suite names passes; a timeout where another ending was expected stays a timeout', async () => {
    expect((await judge(JSON_FN, { kind: 'outcome', outcome: 'trap' } as Expectation, result({ kind: 'trap', message: 'unreachable' }))).verdict).toBeUndefined();
    expect((await judge(JSON_FN, { kind: 'outcome', outcome: 'trap' } as Expectation, result({ kind: 'timeout', message: 't' }))).verdict?.status).toBe('timeout');
  });
});
