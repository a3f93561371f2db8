import type { Expectation } from '../../suite.js';
import type { ExpectationCheck, StepCheckInput, StepVerdict } from './case-check.js';
import { expectBytes } from './expect-bytes.js';
import { expectError } from './expect-error.js';
import { expectFile } from './expect-file.js';
import { expectJson } from './expect-json.js';
import { expectOutcome } from './expect-outcome.js';
import { expectReturns } from './expect-returns.js';
import { expectText } from './expect-text.js';

/** One check per kind of `expect = { … }`; a new kind of expectation is a file and a line here. */
export const EXPECTATION_CHECKS: { readonly [K in Expectation['kind']]: ExpectationCheck<K> } = {
  json: expectJson,
  text: expectText,
  bytes: expectBytes,
  returns: expectReturns,
  error: expectError,
  file: expectFile,
  outcome: expectOutcome,
};

/** Judges one step by the check of its expectation's kind. */
export function checkExpectation(input: StepCheckInput): StepVerdict | Promise<StepVerdict> {
  const check = EXPECTATION_CHECKS[input.expect.kind] as ExpectationCheck<Expectation['kind']>;
  return check(input);
}
