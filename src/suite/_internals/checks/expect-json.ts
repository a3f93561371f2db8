import { decodeOutput, equalJson, renderValue } from '../compare-output.js';
import { onOutput, previewOutput } from './case-check.js';

/** `expect = { json = … }`: the output parses as JSON equal to the value (numbers within the step's tolerance). */
export const expectJson = onOutput<'json'>(({ fn, expect, step }, output) => {
  const decoded = decodeOutput(fn.output, output);
  if (!decoded.ok) return { message: `output is not JSON: ${decoded.message}`, diff: { expected: renderValue(expect.value), actual: previewOutput(fn, output) } };
  if (equalJson(expect.value, decoded.value, step.tolerance ?? 0)) return undefined;
  return { message: 'JSON output differs', diff: { expected: renderValue(expect.value), actual: renderValue(decoded.value) } };
});
