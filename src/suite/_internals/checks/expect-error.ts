import { describeFailure, PLUGIN_ERROR_KINDS, sideEffectMismatch } from '../compare-output.js';
import { previewOutput, type ExpectationCheck } from './case-check.js';

/** `expect = { error = "regex" }`: the plugin reports an error whose message matches. */
export const expectError: ExpectationCheck<'error'> = ({ fn, step, expect, result }) => {
  if (result.kind === 'timeout') return { message: describeFailure(result), status: 'timeout' };
  if (result.kind === 'ok') {
    return { message: `expected an error matching /${expect.source}/, the call succeeded`, diff: { expected: `error matching /${expect.source}/`, actual: previewOutput(fn, result.output) } };
  }
  if (!PLUGIN_ERROR_KINDS.has(result.kind)) return { message: `expected a plugin error matching /${expect.source}/, got ${describeFailure(result)}` };
  if (!expect.pattern.test(result.message)) {
    return { message: `the error does not match /${expect.source}/`, diff: { expected: `/${expect.source}/`, actual: result.message } };
  }
  return sideEffectMismatch(result, step);
};
