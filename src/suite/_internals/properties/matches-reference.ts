import { describeBytes } from '../../../codec/describe.js';
import { decodeOutput, describeFailure, equalBytes, equalDecoded, PLUGIN_ERROR_KINDS, renderValue } from '../compare-output.js';
import type { PerCallCheck } from './per-call-check.js';
import { plannedCalls } from './planned-calls.js';
import { callFailure, callOne, decodeCounted, decodeOrBytes } from './run-failure.js';

/** `check = "matches_reference"`: the plugin answers as the reference implementation does. */
export const matchesReferenceCheck: PerCallCheck = {
  async prepare({ p, fn, timeoutMs, target, reference, tally }) {
    if (reference === undefined) return { ok: false, message: 'no reference plugin' };
    const tolerance = p.tolerance ?? 0;
    const { label } = reference;
    return {
      ok: true,
      evaluate: async (_values, input) => {
        const plan = plannedCalls(timeoutMs, p, fn, input);
        const [mine, theirs] = await Promise.all([callOne(target, plan.plugin), callOne(reference.plugin, plan.reference ?? [])]);
        if (theirs.kind === 'timeout' || theirs.kind === 'crash') return { ...callFailure(theirs, `the reference (${label})`), status: 'error' };
        if (mine.kind === 'ok' && theirs.kind === 'ok') {
          const a = decodeOutput(fn.output, theirs.output, fn.lenientDecode === true);
          const b = decodeCounted(fn, mine.output, tally);
          const same = a.ok && b.ok ? equalDecoded(fn.output, a.value, b.value, tolerance) : equalBytes(theirs.output, mine.output);
          if (same) return undefined;
          return {
            message: `output differs from the reference (${label})`,
            output: mine.output,
            diff: { expected: a.ok ? renderValue(a.value) : describeBytes(fn.output, theirs.output), actual: b.ok ? renderValue(b.value) : describeBytes(fn.output, mine.output) },
          };
        }
        if (mine.kind !== 'ok' && theirs.kind !== 'ok' && PLUGIN_ERROR_KINDS.has(mine.kind) && PLUGIN_ERROR_KINDS.has(theirs.kind)) return undefined;
        if (mine.kind === 'timeout' || mine.kind === 'crash') return callFailure(mine);
        return {
          message: `the plugin and the reference (${label}) disagree on success`,
          ...(mine.kind === 'ok' ? { output: mine.output } : {}),
          diff: { expected: theirs.kind === 'ok' ? renderValue(decodeOrBytes(fn, theirs.output)) : describeFailure(theirs), actual: mine.kind === 'ok' ? renderValue(decodeOrBytes(fn, mine.output)) : describeFailure(mine) },
        };
      },
    };
  },
};
