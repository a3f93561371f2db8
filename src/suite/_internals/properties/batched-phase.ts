import type fc from 'fast-check';
import { encode } from '../../../codec/encode.js';
import type { PropertySpec, SuiteFunction } from '../../suite.js';
import { batchedRuns, type BatchedSide, type RunRange, type SharedInstanceRuns } from '../batched-runs.js';
import { passesOnBytes } from '../passes-on-bytes.js';
import { plannedCalls } from './planned-calls.js';
import type { Evaluate, RunFailure } from './run-failure.js';

/** How a property's batched runs ended: the failing run (undefined: all passed) and what the verdict needs of it. */
export interface BatchedPhase {
  readonly failedAt: number | undefined;
  /** With a reused instance, the runs it served up to the failing one. */
  readonly shared: SharedInstanceRuns<unknown> | undefined;
  /** The first run whose user code (an oracle) failed. */
  readonly userCodeFailure: RunFailure | undefined;
  /** The first run whose judging threw (a kegcheck or suite-code fault, not a verdict on the plugin), with the cause as text. */
  readonly judgeError?: { readonly run: number; readonly cause: string } | undefined;
}

export interface BatchedPhaseInput {
  readonly p: PropertySpec;
  readonly fn: SuiteFunction;
  readonly timeoutMs: number | undefined;
  readonly arbitrary: fc.Arbitrary<unknown>;
  readonly seed: number;
  readonly numRuns: number;
  readonly target: BatchedSide;
  readonly reference: BatchedSide | undefined;
  readonly evaluate: Evaluate;
  /** A run's values, for the contract coverage of a function with input_schema. */
  readonly recordInput: (values: unknown) => void;
  /** Only these runs (a worker's share); all when absent. */
  readonly range?: RunRange | undefined;
}

// The runs before the first failure go in batches (see batched-runs.ts); the
// same on the main thread and in the worker that runs the property.
export async function batchedPhase(input: BatchedPhaseInput): Promise<BatchedPhase> {
  const { p, fn, timeoutMs, evaluate } = input;
  let userCodeFailure: RunFailure | undefined;
  let shared: SharedInstanceRuns<unknown> | undefined;
  let judgeError: { run: number; cause: string } | undefined;
  const failedAt = await batchedRuns({
    arbitrary: input.arbitrary,
    seed: input.seed,
    numRuns: input.numRuns,
    range: input.range,
    plan: (values) => {
      if (fn.inputSchema !== undefined) input.recordInput(values);
      return plannedCalls(timeoutMs, p, fn, encode(fn.input, values));
    },
    target: input.target,
    reference: input.reference,
    reuse: !p.freshInstance,
    passes: passesOnBytes(p.check, fn),
    judge: async (values, calls) => {
      const failure = await evaluate(values, calls.plugin[0]?.input ?? encode(fn.input, values));
      if (failure?.userCode === true) userCodeFailure ??= failure;
      return failure === undefined;
    },
    onFailure: (runs) => {
      shared = runs;
    },
    onJudgeError: (run, error) => {
      judgeError ??= { run, cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    },
  });
  return { failedAt, shared, userCodeFailure, ...(judgeError === undefined ? {} : { judgeError }) };
}
