import { outputSchemaProblems, renderValue } from '../compare-output.js';
import type { PerCallCheck } from './per-call-check.js';
import { plannedCalls } from './planned-calls.js';
import { callFailure, callOne, decodeCounted, describeShape } from './run-failure.js';

/** `check = "conforms"`: the output decodes as the returns and meets output_schema. */
export const conformsCheck: PerCallCheck = {
  async prepare({ p, fn, timeoutMs, target, tally }) {
    return {
      ok: true,
      evaluate: async (_values, input) => {
        const r = await callOne(target, plannedCalls(timeoutMs, p, fn, input).plugin);
        if (r.kind !== 'ok') return callFailure(r);
        const decoded = decodeCounted(fn, r.output, tally);
        if (!decoded.ok) return { message: `output does not decode as ${describeShape(fn)}: ${decoded.message}`, output: r.output };
        const problems = outputSchemaProblems(fn, decoded.value);
        if (problems.length > 0) return { message: `output breaks output_schema: ${problems.join('; ')}`, output: r.output, diff: { expected: 'output matching output_schema', actual: renderValue(decoded.value) } };
        return undefined;
      },
    };
  },
};
