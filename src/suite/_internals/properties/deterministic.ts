import { describeBytes } from '../../../codec/describe.js';
import type { CallResult } from '../../../host/plugin-spec.js';
import { describeFailure, equalBytes } from '../compare-output.js';
import type { PerCallCheck } from './per-call-check.js';
import { plannedCalls } from './planned-calls.js';
import { callFailure } from './run-failure.js';

/** `check = "deterministic"`: two calls with one input, on one instance, end alike. */
export const deterministicCheck: PerCallCheck = {
  async prepare({ p, fn, timeoutMs, target }) {
    return {
      ok: true,
      evaluate: async (_values, input) => {
        // The second call reuses the instance, so hidden state shows up too.
        const [a, b] = await target.call(plannedCalls(timeoutMs, p, fn, input).plugin);
        if (a === undefined || b === undefined) return { message: 'the supervisor returned fewer results than calls', status: 'error' };
        if (a.kind === 'timeout' || b.kind === 'timeout') return callFailure(a.kind === 'timeout' ? a : (b as Exclude<CallResult, { kind: 'ok' }>));
        if (a.kind === 'ok' && b.kind === 'ok') {
          if (equalBytes(a.output, b.output)) return undefined;
          return { message: 'two calls with the same input returned different outputs', output: b.output, diff: { expected: describeBytes(fn.output, a.output), actual: describeBytes(fn.output, b.output) } };
        }
        if (a.kind !== 'ok' && b.kind !== 'ok' && a.kind === b.kind && a.message === b.message) return undefined;
        return { message: 'two calls with the same input ended differently', diff: { expected: describeFailure(a), actual: describeFailure(b) } };
      },
    };
  },
};
