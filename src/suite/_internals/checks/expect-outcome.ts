import { sideEffectMismatch } from '../compare-output.js';
import { outcomeMismatch } from '../expected-outcome.js';
import type { ExpectationCheck } from './case-check.js';

/** `expect = { outcome = "…" }`: the call ends the way the suite says (a trap, a timeout, a link error, …). */
export const expectOutcome: ExpectationCheck<'outcome'> = ({ step, expect, result }) => {
  const mismatch = outcomeMismatch(expect, result);
  // The host gave up where the suite wanted another ending: that stays a timeout verdict.
  if (mismatch !== undefined && result.kind === 'timeout') return { ...mismatch, status: 'timeout' };
  return mismatch ?? sideEffectMismatch(result, step);
};
