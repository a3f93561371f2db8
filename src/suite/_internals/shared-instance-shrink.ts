import fc from 'fast-check';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import { callLists } from './call-lists.js';
import type { CallablePlugin } from './plugin-context.js';

export { SHARED_PATH_PREFIX, sharedReplayRuns } from './shared-replay-path.js';

// A property's runs share one instance per batch, as the reference host
// shares one across calls. A run can then fail only because of what earlier
// runs left in the instance; shrinking it alone (on fresh instances) would
// find nothing, and its input would pass when replayed. Such a failure is
// reported as the sequence of runs that makes it fail, shortened to the fewest
// earlier runs that still do, and replayed as that sequence on one instance.

// Replays spent shortening the prefix, at most.
const SHRINK_BUDGET = 200;

type Plan = { plugin: CallRequest[]; reference?: CallRequest[] };
type Answers = { plugin: CallResult[]; reference?: CallResult[] | undefined };

export interface SequenceJudge<T, F> {
  readonly target: CallablePlugin;
  readonly reference?: CallablePlugin | undefined;
  readonly plan: (values: T) => Plan;
  /** Judges the last run of a sequence from its answers: a failure, or undefined when it passed. */
  readonly judge: (values: T, calls: Plan, answers: Answers) => Promise<F | undefined>;
}

export type SharedVerdict<T, F> =
  | { readonly kind: 'alone'; readonly failure: F }
  | { readonly kind: 'passes' }
  | { readonly kind: 'shared'; readonly runs: readonly number[]; readonly values: readonly T[]; readonly failure: F; readonly replays: number; readonly from: number };

// Sends the runs' calls as one sequence on one new instance; answers per run.
async function runSequence(side: CallablePlugin, plans: readonly Plan[], pick: (p: Plan) => CallRequest[]): Promise<CallResult[][]> {
  // Every later call on the same instance, whatever its run asked for.
  return callLists(side, plans.map((p) => pick(p).map((call) => ({ ...call, fresh: false }))), true);
}

/** Runs `values` in order on one instance and judges the last. */
export async function judgeSequence<T, F>(j: SequenceJudge<T, F>, values: readonly T[]): Promise<F | undefined> {
  const plans = values.map(j.plan);
  const [mine, theirs] = await Promise.all([
    runSequence(j.target, plans, (p) => p.plugin),
    j.reference === undefined ? Promise.resolve(undefined) : runSequence(j.reference, plans, (p) => p.reference ?? []),
  ]);
  const last = values.length - 1;
  return j.judge(values[last] as T, plans[last] as Plan, { plugin: mine[last] ?? [], reference: theirs?.[last] });
}

/**
 * Given the runs one instance served up to a failing one (indices `from`...),
 * decides whether the last fails alone; if not, shortens the earlier runs
 * to the fewest that still make it fail: first the shortest tail, then
 * dropping runs one at a time.
 */
export async function shrinkSharedInstance<T, F>(j: SequenceJudge<T, F>, from: number, values: readonly T[]): Promise<SharedVerdict<T, F>> {
  const lastIndex = values.length - 1;
  const failing = values[lastIndex] as T;
  const alone = await judgeSequence(j, [failing]);
  if (alone !== undefined) return { kind: 'alone', failure: alone };
  let replays = 1;
  const attempt = async (kept: readonly number[]): Promise<F | undefined> => {
    replays += 1;
    return judgeSequence(j, [...kept.map((k) => values[k] as T), failing]);
  };
  let kept = Array.from({ length: lastIndex }, (_, k) => k);
  let failure = await attempt(kept);
  if (failure === undefined) return { kind: 'passes' };
  // The shortest tail that still fails (state usually builds up, so tails are tried by halves).
  let lo = 1;
  let hi = kept.length;
  let shortest = kept;
  while (lo < hi && replays < SHRINK_BUDGET) {
    const mid = Math.floor((lo + hi) / 2);
    const tail = kept.slice(kept.length - mid);
    const f = await attempt(tail);
    if (f === undefined) lo = mid + 1;
    else {
      hi = mid;
      shortest = tail;
      failure = f;
    }
  }
  kept = shortest;
  // Then each remaining run that is not needed.
  for (let i = 0; i < kept.length && replays < SHRINK_BUDGET; ) {
    const without = kept.filter((_, k) => k !== i);
    const f = await attempt(without);
    if (f === undefined) i += 1;
    else {
      kept = without;
      failure = f;
    }
  }
  return { kind: 'shared', runs: [...kept.map((k) => from + k), from + lastIndex], values: [...kept.map((k) => values[k] as T), failing], failure, replays, from };
}

/** The values of the given runs of a seed, as fast-check draws them. */
export function drawnRuns<T>(arbitrary: fc.Arbitrary<T>, seed: number, runs: readonly number[]): T[] {
  return runs.map((run) => fc.sample(arbitrary, { seed, numRuns: 1, ...(run === 0 ? {} : { path: String(run) }) })[0] as T);
}
