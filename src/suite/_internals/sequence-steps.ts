import fc from 'fast-check';
import { valuesArbitrary } from '../../codec/arbitraries.js';
import { describeBytes, describeValues } from '../../codec/describe.js';
import { encode } from '../../codec/encode.js';
import { valuesToJson } from '../../codec/values-json.js';
import { DEFAULT_TIMEOUT_MS, type CallRequest, type CallResult } from '../../host/plugin-spec.js';
import type { PropertySpec, SequenceSpec, SuiteFunction } from '../suite.js';
import { decodeOutput, describeFailure } from './compare-output.js';
import type { PluginRunContext } from './plugin-context.js';
import type { InputRange } from './input-range.js';
import type { SequenceStep } from './sequence-report.js';

/** One generated call of a sequence. */
export interface Step {
  readonly fn: SuiteFunction;
  readonly values: unknown;
}

/** A generated call of any of `functions`, its arguments under the property's limits. */
export function stepArbitrary(ctx: PluginRunContext, seq: SequenceSpec, functions: readonly string[] = seq.functions, range?: InputRange): fc.Arbitrary<Step> {
  const arbitraries = functions.map((name) => {
    const fn = ctx.functionNamed(name);
    return valuesArbitrary(fn.input, seq.constraints[name] ?? {}).map((values): Step => {
      range?.observe(fn.input, values, `${name}.`);
      return { fn, values };
    });
  });
  return arbitraries.length === 1 ? (arbitraries[0] as fc.Arbitrary<Step>) : fc.oneof(...arbitraries);
}

/** The calls of a sequence on one instance: the first starts it, the others continue it. */
export function sequenceCalls(ctx: PluginRunContext, p: PropertySpec, steps: readonly Step[], fresh: (i: number) => boolean = (i) => i === 0): CallRequest[] {
  return steps.map((step, i) => ({
    fn: step.fn.name,
    input: encode(step.fn.input, step.values),
    fresh: fresh(i),
    timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(p.config === undefined ? {} : { config: p.config }),
  }));
}

/** An input for a message line: JSON of the values, nothing for a function without input. */
export function renderInput(step: Step): string {
  return step.fn.input.kind === 'raw' && step.fn.input.framing === 'none' ? '' : JSON.stringify(valuesToJson(step.values));
}

/** What a call came to, as text: its decoded value when it decodes, else the failure or the bytes. */
export function renderResult(fn: SuiteFunction, result: CallResult | undefined): string {
  if (result === undefined) return 'no result';
  if (result.kind !== 'ok') return describeFailure(result);
  const decoded = decodeOutput(fn.output, result.output, fn.lenientDecode === true);
  return decoded.ok ? renderCompact(decoded.value) : describeBytes(fn.output, result.output);
}

/** A value on one line, as a step of a sequence shows it. */
export function renderCompact(value: unknown): string {
  return JSON.stringify(valuesToJson(value)) ?? 'undefined';
}

/** The message line of a step, with hex views for packed payloads. */
export function reportStep(step: Step, extra: Omit<SequenceStep, 'fn' | 'input' | 'inputHex'> = {}, output?: CallResult): SequenceStep {
  const packedOut = step.fn.output.kind === 'packed' && output?.kind === 'ok';
  return {
    fn: step.fn.name,
    input: renderInput(step),
    ...(step.fn.input.kind === 'packed' ? { inputHex: describeValues(step.fn.input, step.values) } : {}),
    ...extra,
    ...(packedOut && output.kind === 'ok' ? { outputHex: describeBytes(step.fn.output, output.output) } : {}),
  };
}

/** The steps as JSON for a report's counterexample. */
export function stepsJson(steps: readonly Step[]): unknown {
  return steps.map((s) => ({ function: s.fn.name, input: valuesToJson(s.values) }));
}
