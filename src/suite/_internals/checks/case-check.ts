import type { Signature } from '../../../codec/signature.js';
import { describeBytes } from '../../../codec/describe.js';
import type { CallResult } from '../../../host/plugin-spec.js';
import type { CheckStatus } from '../../../model/result.js';
import type { CaseStep, Expectation, SuiteFunction } from '../../suite.js';
import { describeFailure, outputText, sideEffectMismatch, type Mismatch } from '../compare-output.js';
import type { PluginRunContext } from '../plugin-context.js';

/** A step's verdict; `status` overrides fail when the host gave up (timeout) or the check could not be evaluated (error). */
export type StepVerdict = (Mismatch & { readonly status?: CheckStatus }) | undefined;

/** One call of a golden case, as every expectation check sees it. */
export interface StepCheckInput<K extends Expectation['kind'] = Expectation['kind']> {
  readonly ctx: PluginRunContext;
  readonly fn: SuiteFunction;
  readonly step: CaseStep;
  readonly expect: Extract<Expectation, { kind: K }>;
  /** Never a crash: the case runner turns those into errors before any check. */
  readonly result: CallResult;
  /** Notes for the case's result (lenient decodes, golden files written). */
  readonly notes: string[];
}

/** The check of one kind of `expect = { … }`: undefined when the step passes. */
export type ExpectationCheck<K extends Expectation['kind']> = (input: StepCheckInput<K>) => StepVerdict | Promise<StepVerdict>;

/** The expectations on the output of a successful call (json, text, bytes, returns, file). */
export type OutputKind = Exclude<Expectation['kind'], 'error' | 'outcome'>;

/**
 * An output check as an expectation check: a timeout stays a timeout, a
 * failed call fails, and output that matches is then held to the step's
 * prints, logs and static reads.
 */
export function onOutput<K extends OutputKind>(compare: (input: StepCheckInput<K>, output: Uint8Array) => StepVerdict | Promise<StepVerdict>): ExpectationCheck<K> {
  return async (input) => {
    const { result } = input;
    if (result.kind === 'timeout') return { message: describeFailure(result), status: 'timeout' };
    if (result.kind !== 'ok') return { message: `the call failed: ${describeFailure(result)}` };
    return (await compare(input, result.output)) ?? sideEffectMismatch(result, input.step);
  };
}

/** The raw-bytes signature, for hex views of output. */
export const BYTES: Signature = { kind: 'raw', framing: 'bytes' };

/** What came back, for a diff: text when it is text, else the codec's hex view. */
export function previewOutput(fn: SuiteFunction, output: Uint8Array): string {
  if (fn.output.kind === 'raw' && fn.output.framing !== 'bytes') {
    const text = outputText(output);
    if (text.ok) return text.text;
  }
  return describeBytes(fn.output.kind === 'packed' ? fn.output : BYTES, output);
}
