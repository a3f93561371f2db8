import { describeBytes } from '../../../codec/describe.js';
import { equalBytes } from '../compare-output.js';
import { BYTES, onOutput } from './case-check.js';

/** `expect = { bytes = { hex = "…" } }`: the output is these bytes, exactly. */
export const expectBytes = onOutput<'bytes'>(({ expect }, output) =>
  equalBytes(expect.bytes, output) ? undefined : { message: 'output bytes differ', diff: { expected: describeBytes(BYTES, expect.bytes), actual: describeBytes(BYTES, output) } },
);
