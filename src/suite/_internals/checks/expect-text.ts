import { describeBytes } from '../../../codec/describe.js';
import { outputText } from '../compare-output.js';
import { BYTES, onOutput } from './case-check.js';

/** `expect = { text = "…" }`: the output is this UTF-8 text, exactly. */
export const expectText = onOutput<'text'>(({ expect }, output) => {
  const text = outputText(output);
  if (!text.ok) return { message: text.message, diff: { expected: expect.text, actual: describeBytes(BYTES, output) } };
  return text.text === expect.text ? undefined : { message: 'text output differs', diff: { expected: expect.text, actual: text.text } };
});
