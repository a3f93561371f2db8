import type fc from 'fast-check';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import { callLists } from './call-lists.js';
import { RunDrawer } from './run-drawer.js';
import type { CallablePlugin } from './plugin-context.js';
import type { PassesOnBytes } from './passes-on-bytes.js';
import type { PrefetchingPlugin } from './prefetching-plugin.js';

// A property's runs before its first failure do not depend on outcomes:
// fast-check draws them from the seed alone (fc.sample with the seed yields the
// values fc.check runs, in order). So they are drawn in growing steps, sent in large
// batches, and judged here without fast-check's per-run loop. Only when a run
// fails does fast-check take over, replaying the answers kept so far and
// shrinking live.

// Batches double from this size, so a plugin failing at once wastes few calls
// and the first batch starts the worker while the rest are being drawn.
const FIRST_BATCH = 32;
const MAX_BATCH = 2048;
// Batches in flight ahead of the one being judged: enough to keep every worker busy.
const AHEAD = 4;
// Each draw holds this many times the runs drawn before it (see batchedRuns).
const DRAW_GROWTH = 3;

// One side of a run: the plugin (or the reference) as the checks call it, and the
// same plugin without the answer layer, to send whole batches to.
export interface BatchedSide {
  readonly plugin: PrefetchingPlugin;
  readonly base: CallablePlugin;
}

export interface BatchedRunsInput<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  readonly seed: number;
  readonly numRuns: number;
  // The calls of one run, for the plugin and (matches_reference) the reference.
  readonly plan: (values: T) => { plugin: CallRequest[]; reference?: CallRequest[] };
  readonly target: BatchedSide;
  readonly reference?: BatchedSide | undefined;
  // true: the runs of a batch share one instance (fresh at the batch's start);
  // false: the calls go as planned (each run's first call fresh).
  readonly reuse: boolean;
  // A cheap sufficient condition on a run's answers: a run it accepts passed
  // without being judged (see passes-on-bytes.ts).
  readonly passes?: PassesOnBytes | undefined;
  // Judges one run; its calls are answered from the batch. True when the run passed.
  readonly judge: (values: T, calls: { plugin: CallRequest[]; reference?: CallRequest[] }) => Promise<boolean>;
  // Told, on a failure, which runs shared the failing run's instance (with reuse): the batch's runs up to it.
  readonly onFailure?: (instance: SharedInstanceRuns<T>) => void;
  // Told when `judge` threw (a kegcheck or suite-code fault, not a verdict on the plugin); the run then ends the batching as failed.
  readonly onJudgeError?: (run: number, error: unknown) => void;
  // Only these runs (a worker's share of the property); all of them when absent.
  readonly range?: RunRange | undefined;
}

/** The runs one instance served, in order, the failing one last. */
export interface SharedInstanceRuns<T> {
  readonly from: number;
  readonly values: readonly T[];
  readonly lists: readonly { plugin: CallRequest[]; reference?: CallRequest[] }[];
}

interface Batch<T> {
  readonly index: number;
  readonly from: number;
  // Kept per batch, not for the whole property: once judged, a run's values are not needed again.
  readonly values: readonly T[];
  readonly lists: { plugin: CallRequest[]; reference?: CallRequest[] }[];
  readonly answers: Promise<[CallResult[][], CallResult[][] | undefined]>;
}

// Runs [from, from + count) exactly as fc.sample draws them among all runs
// (with a one-segment replay path `from`): see run-drawer.ts.
export function drawRuns<T>(arbitrary: fc.Arbitrary<T>, seed: number, from: number, count: number): T[] {
  return new RunDrawer(arbitrary, seed, from).draw(count);
}

/** One batch of a property's runs: runs [from, from + count), and how far values are drawn once it is sent. */
export interface PlannedBatch {
  readonly from: number;
  readonly count: number;
  readonly drawTo: number;
}

/**
 * Every batch of a property of `numRuns` runs, in order. A function of
 * `numRuns` alone, so a worker given a share of the runs (see `range`) sends
 * the very batches (and instances) the whole property would, and knows how
 * far the whole property would have drawn and sent when a run fails.
 */
export function batchPlan(numRuns: number): PlannedBatch[] {
  const plan: PlannedBatch[] = [];
  let sent = 0;
  let drawn = 0;
  let size = FIRST_BATCH;
  while (sent < numRuns) {
    const count = Math.min(size, numRuns - sent);
    const ahead = drawn - sent;
    // Draws grow faster than batches (whose values wait drawn): the schedule
    // of draws decides which values a failing property has drawn, which its
    // report's input spans show, so it stays as it was.
    if (ahead < count) drawn += Math.min(numRuns - drawn, Math.max(count - ahead, drawn * DRAW_GROWTH));
    plan.push({ from: sent, count, drawTo: drawn });
    sent += count;
    size = Math.min(MAX_BATCH, size * 2);
  }
  return plan;
}

/** A share of a property's runs, [from, to), both on batch boundaries of batchPlan(numRuns). */
export interface RunRange {
  readonly from: number;
  readonly to: number;
}

// Runs the property's runs in batches until one fails. Returns the index of the
// failing run, or undefined when all passed. On failure only the failing run's
// answers are kept in the plugins' caches: fast-check then starts at that run
// (a one-segment path) and shrinks from it, so nothing judged before is needed
// again and batches are dropped as soon as they are judged.
//
// Given a `range`, only the runs in it are drawn, sent and judged; when one of
// them fails, the batches and draws the whole property would have made by then
// beyond the range are made too (their answers unjudged), so that what the
// calls covered and the values drawn are the whole property's.
export async function batchedRuns<T>(input: BatchedRunsInput<T>): Promise<number | undefined> {
  const { numRuns, target, reference } = input;
  const plan = batchPlan(numRuns);
  const range = input.range ?? { from: 0, to: numRuns };
  let next = plan.findIndex((b) => b.from === range.from);
  if (next < 0 && range.from < range.to) throw new Error(`internal: runs ${range.from}-${range.to} do not start on a batch of ${numRuns} runs`);
  if (next < 0) next = plan.length;
  // Values drawn and not yet sent: runs [sentTo, drawnTo).
  let ahead: T[] = [];
  const drawer = new RunDrawer(input.arbitrary, input.seed, range.from);
  const inFlight: Batch<T>[] = [];
  const drawTo = (to: number): void => {
    if (to > drawer.next) ahead = ahead.concat(drawer.draw(to - drawer.next));
  };
  const send = (index: number, limit: number): void => {
    const { from, count, drawTo: planned } = plan[index] as PlannedBatch;
    drawTo(Math.min(planned, limit));
    const values = ahead.slice(0, count);
    ahead = ahead.slice(count);
    const lists = values.map(input.plan);
    const mine = callLists(target.base, lists.map((l) => l.plugin), input.reuse);
    const theirs = reference === undefined ? Promise.resolve(undefined) : callLists(reference.base, lists.map((l) => l.reference ?? []), input.reuse);
    const answers = Promise.all([mine, theirs]);
    // Observed now: it may reject (the run's signal aborted) while an earlier batch is being judged;
    // the loop still sees the rejection when it reaches this batch.
    void answers.catch(() => undefined);
    inFlight.push({ index, from, values, lists, answers });
  };
  for (;;) {
    while (inFlight.length <= AHEAD && next < plan.length && (plan[next] as PlannedBatch).from < range.to) send(next++, range.to);
    const batch = inFlight.shift();
    if (batch === undefined) return undefined;
    const answers = await batch.answers;
    for (let i = 0; i < batch.lists.length; i += 1) {
      const run = batch.from + i;
      const mine = answers[0][i];
      const theirs = answers[1]?.[i];
      const calls = batch.lists[i] ?? { plugin: [] };
      if (mine !== undefined && input.passes?.(calls, mine, theirs) === true) continue;
      if (mine !== undefined) target.plugin.answerNext(mine);
      if (theirs !== undefined) reference?.plugin.answerNext(theirs);
      let passed: boolean;
      try {
        passed = await input.judge(batch.values[i] as T, calls);
      } catch (error) {
        // Not a verdict: the caller reports it as an error with its cause, never as a plain fail.
        input.onJudgeError?.(run, error);
        passed = false;
      }
      // A run that failed before calling (an oracle that threw) leaves its answer unused.
      target.plugin.answerNext(undefined);
      reference?.plugin.answerNext(undefined);
      if (passed) continue;
      // The whole property had sent the batches up to AHEAD past this one by now (and drawn their values).
      const last = Math.min(plan.length - 1, batch.index + AHEAD);
      while (next <= last) send(next++, numRuns);
      drawTo((plan[last] as PlannedBatch).drawTo);
      // Batches still in flight finish on their own; their answers are not needed.
      for (const pending of inFlight) void pending.answers.catch(() => undefined);
      target.plugin.remember(calls.plugin, mine ?? []);
      if (reference !== undefined && theirs !== undefined) reference.plugin.remember(calls.reference ?? [], theirs);
      if (input.reuse) input.onFailure?.({ from: batch.from, values: batch.values.slice(0, i + 1), lists: batch.lists.slice(0, i + 1) });
      return run;
    }
  }
}
