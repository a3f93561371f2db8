import { valuesFromJson } from '../../../codec/values-json.js';
import { equalDecoded, renderValue } from '../compare-output.js';
import { openUserModule, userCodeDeadline, type UserModule } from '../user-module.js';
import type { PerCallCheck } from './per-call-check.js';
import { plannedCalls } from './planned-calls.js';
import { callFailure, callOne, decodeCounted } from './run-failure.js';

/** `check = "oracle"`: the output equals what the suite's oracle module returns for the input. */
export const oracleCheck: PerCallCheck = {
  async prepare({ p, fn, timeoutMs, suiteFile, target, tally, opened }) {
    const tolerance = p.tolerance ?? 0;
    const oracle = await loadOracle(p.oracle ?? '', fn.name, suiteFile, timeoutMs);
    if (!oracle.ok) return oracle;
    opened.push(oracle.module);
    return {
      ok: true,
      evaluate: async (values, input) => {
        const answer = await oracle.module.call(oracle.name, [values]);
        if (!answer.ok) return { message: answer.message, status: 'error', userCode: true };
        const expected = answer.value;
        const r = await callOne(target, plannedCalls(timeoutMs, p, fn, input).plugin);
        if (r.kind !== 'ok') return callFailure(r);
        const decoded = decodeCounted(fn, r.output, tally);
        if (!decoded.ok) return { message: `output does not decode: ${decoded.message}`, output: r.output };
        let wanted: unknown;
        try {
          wanted = fn.output.kind === 'packed' ? valuesFromJson(fn.output, expected) : expected;
        } catch (error) {
          return { message: `the oracle returned a value that does not fit the returns: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
        }
        if (equalDecoded(fn.output, wanted, decoded.value, tolerance)) return undefined;
        return { message: 'output differs from the oracle', output: r.output, diff: { expected: renderValue(wanted), actual: renderValue(decoded.value) } };
      },
    };
  },
};

// An oracle module's export named after the function, else its default export.
// It runs in a user-code thread of its own under the call deadline, wherever the property runs.
async function loadOracle(path: string, functionName: string, suiteFile: string, timeoutMs: number | undefined): Promise<{ ok: true; module: UserModule; name: string } | { ok: false; message: string }> {
  const opened = await openUserModule('oracle', path, suiteFile, userCodeDeadline({ timeoutMs }));
  if (!opened.ok) return opened;
  const name = [functionName, 'default'].find((n) => opened.module.exports.includes(n));
  if (name === undefined) {
    await opened.module.close();
    return { ok: false, message: `${opened.module.label} exports neither '${functionName}' nor a default function` };
  }
  return { ok: true, module: opened.module, name };
}
