import type { CallRequest, CallResult } from '../../../host/plugin-spec.js';
import type { PropertyCheckResult } from '../../../model/result.js';
import type { PropertySpec, SuiteFunction } from '../../suite.js';
import type { RunRange } from '../batched-runs.js';
import type { CoveredCalls } from '../coverage-tracker.js';
import type { Span } from '../input-range.js';
import type { LenientTally, RunFailure } from './run-failure.js';

/** What the worker that runs a property's batched runs is given (plain data, cloned to the worker). */
export interface BatchedPayload {
  readonly kind: 'batched';
  readonly p: PropertySpec;
  readonly fn: SuiteFunction;
  readonly seed: number;
  readonly numRuns: number;
  readonly timeoutMs: number | undefined;
  readonly suiteFile: string;
  /** Set for matches_reference: the reference is the task's second plugin. */
  readonly referenceLabel: string | undefined;
  /** This worker's share of the runs (batch-aligned, see batchPlan); all of them when absent. */
  readonly range?: RunRange | undefined;
}

/** A rejects_invalid property, run whole (fast-check's loop and shrinking) in the worker. */
export interface RejectsInvalidPayload {
  readonly kind: 'rejects_invalid';
  readonly p: PropertySpec;
  readonly fn: SuiteFunction;
  readonly seed: number;
  readonly numRuns: number;
  readonly replayPath: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly base: Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>;
}

export type WorkerPropertyPayload = BatchedPayload | RejectsInvalidPayload;

/** A failing run's answers, kept so the main thread's fast-check replays it without calling again. */
export interface RememberedAnswers {
  readonly calls: CallRequest[];
  readonly results: CallResult[];
}

/**
 * What comes back: only what the verdict, replay and reporting need. `error`:
 * the check could not start (an oracle that does not load). `ran`: the
 * batched phase's end, with the data the main thread would have gathered had
 * it run the phase itself (the lenient-decode tally, the input range, the
 * coverage of the calls, the inputs for contract coverage).
 */
export type WorkerPropertyVerdict = BatchedVerdict | CheckedVerdict;

/** A whole check's result (rejects_invalid), with what its calls covered and how many runs it made. */
export interface CheckedVerdict {
  readonly kind: 'checked';
  readonly result: PropertyCheckResult;
  readonly executed: number;
  readonly covered: CoveredCalls;
}

export type BatchedVerdict =
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'ran';
      readonly failedAt: number | undefined;
      readonly shared: { readonly from: number; readonly count: number } | undefined;
      readonly userCodeFailure: RunFailure | undefined;
      readonly judgeError?: { readonly run: number; readonly cause: string } | undefined;
      readonly remembered: { readonly plugin: RememberedAnswers[]; readonly reference: RememberedAnswers[] };
      readonly tally: LenientTally;
      readonly range: [string, Span][];
      readonly covered: CoveredCalls;
      readonly inputs: unknown[];
    };
