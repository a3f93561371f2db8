import type { Expectation } from '../../suite.js';
import type { ExpectationCheck, StepCheckInput, StepVerdict } from './case-check.js';

type Kind = Expectation['kind'];

/**
 * One check per kind of `expect = { … }`; a new kind of expectation is a file and a line here.
 * Each loads on the first step that expects its kind: a run of JSON cases never loads the golden-file check.
 */
export const EXPECTATION_CHECKS: { readonly [K in Kind]: () => Promise<ExpectationCheck<K>> } = {
  json: async () => (await import('./expect-json.js')).expectJson,
  text: async () => (await import('./expect-text.js')).expectText,
  bytes: async () => (await import('./expect-bytes.js')).expectBytes,
  returns: async () => (await import('./expect-returns.js')).expectReturns,
  error: async () => (await import('./expect-error.js')).expectError,
  file: async () => (await import('./expect-file.js')).expectFile,
  outcome: async () => (await import('./expect-outcome.js')).expectOutcome,
};

const loaded = new Map<Kind, ExpectationCheck<Kind>>();

/** Judges one step by the check of its expectation's kind. */
export async function checkExpectation(input: StepCheckInput): Promise<StepVerdict> {
  const kind = input.expect.kind;
  let check = loaded.get(kind);
  if (check === undefined) {
    check = (await EXPECTATION_CHECKS[kind]()) as ExpectationCheck<Kind>;
    loaded.set(kind, check);
  }
  return check(input);
}
