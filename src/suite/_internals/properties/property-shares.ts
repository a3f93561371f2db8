import { availableParallelism, loadavg } from 'node:os';
import { batchPlan, type RunRange } from '../batched-runs.js';
import { InputRange } from '../input-range.js';
import type { BatchedVerdict } from './worker-property-protocol.js';

/** The fewest runs in one worker's share of a property spread over several workers (see propertyShares). */
export const DEFAULT_SHARE_RUNS = 1024;

/**
 * A property's runs cut into shares for several workers, on batch boundaries
 * (batchPlan), each holding at least `shareRuns` runs (the last may hold
 * fewer). One share, or none to cut, means: do not spread.
 */
export function propertyShares(numRuns: number, shareRuns: number): RunRange[] {
  if (shareRuns <= 0) return [{ from: 0, to: numRuns }];
  const shares: RunRange[] = [];
  let from = 0;
  for (const batch of batchPlan(numRuns)) {
    const to = batch.from + batch.count;
    if (to - from >= shareRuns) {
      shares.push({ from, to });
      from = to;
    }
  }
  if (from < numRuns) shares.push({ from, to: numRuns });
  return shares;
}

/**
 * How many workers a spread property may use: those free now, no more than
 * the cores the machine has free (by the last minute's load average, this
 * run's own threads included). A worker's share is work moved, not work
 * saved: on a machine whose cores are all busy, a second worker only adds its
 * start-up. Where the load average is not kept (Windows: zeros), every core counts as free.
 */
export function spreadWidth(shares: number, freeWorkers: number, load: number = loadavg()[0] ?? 0, cores: number = availableParallelism()): number {
  const freeCores = Math.max(1, Math.round(cores - load + 1));
  return Math.max(1, Math.min(shares, freeWorkers, freeCores));
}

type Ran = Extract<BatchedVerdict, { kind: 'ran' }>;

/**
 * The verdict of the whole property from its shares' verdicts, in run order:
 * the first share that did not pass decides (its failing run is the first
 * failing run of the property, as every earlier share passed), later shares
 * are ignored, and what the shares up to it gathered is merged as one worker
 * would have gathered it (coverage and input spans in the order first seen,
 * inputs in run order, the lenient-decode tally summed). `lost`: a share's
 * worker was lost before any share failed; the property then runs on the
 * main thread, as an unspread one does.
 */
export async function mergeShares(count: number, verdicts: readonly Promise<BatchedVerdict | undefined>[]): Promise<BatchedVerdict | undefined> {
  const ran: Ran[] = [];
  // Read as it grows: a share starts when a worker frees, which is before its verdict is needed here.
  for (let i = 0; i < count; i += 1) {
    const pending = verdicts[i];
    if (pending === undefined) return undefined;
    const verdict = await pending;
    if (verdict === undefined) return undefined;
    if (verdict.kind === 'error') return verdict;
    ran.push(verdict);
    if (verdict.failedAt !== undefined) break;
  }
  return merged(ran);
}

function merged(ran: readonly Ran[]): Ran | undefined {
  const last = ran.at(-1);
  if (last === undefined) return undefined;
  if (ran.length === 1) return last;
  const range = new InputRange();
  const called = new Set<string>();
  const hostCalls = new Set<string>();
  const staticReads = new Set<string>();
  const httpLines = new Set<string>();
  const inputs: unknown[] = [];
  const tally: Ran['tally'] = { runs: 0, first: undefined };
  for (const share of ran) {
    range.absorb(share.range);
    for (const name of share.covered.called) called.add(name);
    for (const name of share.covered.hostCalls) hostCalls.add(name);
    for (const path of share.covered.staticReads) staticReads.add(path);
    for (const line of share.covered.httpLines) httpLines.add(line);
    for (const values of share.inputs) inputs.push(values);
    tally.runs += share.tally.runs;
    tally.first ??= share.tally.first;
  }
  return {
    ...last,
    tally,
    range: range.spans(),
    covered: { called: [...called], hostCalls: [...hostCalls], staticReads: [...staticReads], httpLines: [...httpLines] },
    inputs,
  };
}
