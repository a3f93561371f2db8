import { describeBytes } from '../../../codec/describe.js';
import { decodeOutput, equalDecoded, lenientNote, renderValue } from '../compare-output.js';
import { onOutput } from './case-check.js';

/** `expect = { returns = [...] }`: the packed output decodes to these values (floats within the step's tolerance). */
export const expectReturns = onOutput<'returns'>(({ fn, expect, step, notes }, output) => {
  const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
  if (!decoded.ok) return { message: `output does not decode as the declared returns: ${decoded.message}`, diff: { expected: renderValue(expect.values), actual: describeBytes(fn.output, output) } };
  if (!equalDecoded(fn.output, expect.values, decoded.value, step.tolerance ?? 0)) {
    return { message: 'returned values differ', diff: { expected: renderValue(expect.values), actual: renderValue(decoded.value) } };
  }
  if (decoded.trailing > 0) notes.push(lenientNote(fn, output, decoded.trailing));
  return undefined;
});
