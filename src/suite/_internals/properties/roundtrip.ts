import { equalValues } from '../../../codec/equal-values.js';
import { equalDecoded, renderValue } from '../compare-output.js';
import type { PerCallCheck } from './per-call-check.js';
import { plannedCalls } from './planned-calls.js';
import { callFailure, callOne, decodeCounted } from './run-failure.js';

/** `check = "roundtrip"`: the output decodes to the input. */
export const roundtripCheck: PerCallCheck = {
  async prepare({ p, fn, timeoutMs, target, tally }) {
    const tolerance = p.tolerance ?? 0;
    return {
      ok: true,
      evaluate: async (values, input) => {
        const r = await callOne(target, plannedCalls(timeoutMs, p, fn, input).plugin);
        if (r.kind !== 'ok') return callFailure(r);
        const decoded = decodeCounted(fn, r.output, tally);
        if (!decoded.ok) return { message: `output does not decode: ${decoded.message}`, output: r.output };
        const same = tolerance > 0 ? equalDecoded(fn.output, values, decoded.value, tolerance) : equalValues(fn.output, values, decoded.value);
        if (same) return undefined;
        return { message: 'output does not decode to the input', output: r.output, diff: { expected: renderValue(values), actual: renderValue(decoded.value) } };
      },
    };
  },
};
