import { describe, expect, it } from 'vitest';
import { batchPlan } from '../batched-runs.js';
import { mergeShares, propertyShares, spreadWidth } from './property-shares.js';
import type { BatchedVerdict } from './worker-property-protocol.js';

type Ran = Extract<BatchedVerdict, { kind: 'ran' }>;

function ran(over: Partial<Ran>): Ran {
  return {
    kind: 'ran',
    failedAt: undefined,
    shared: undefined,
    userCodeFailure: undefined,
    remembered: { plugin: [], reference: [] },
    tally: { runs: 0, first: undefined },
    range: [],
    covered: { called: [], hostCalls: [], staticReads: [], httpLines: [] },
    inputs: [],
    ...over,
  };
}

const later = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('propertyShares', () => {
  it('cuts the runs on batch boundaries into shares of at least the given size, the last one what is left', () => {
    const ends = batchPlan(10_000).map((b) => b.from + b.count);
    const shares = propertyShares(10_000, 1024);
    expect(shares).toEqual([
      { from: 0, to: 2016 },
      { from: 2016, to: 4064 },
      { from: 4064, to: 6112 },
      { from: 6112, to: 8160 },
      { from: 8160, to: 10_000 },
    ]);
    for (const s of shares) expect(ends).toContain(s.to);
    expect(propertyShares(100, 1024)).toEqual([{ from: 0, to: 100 }]);
    expect(propertyShares(10_000, 0)).toEqual([{ from: 0, to: 10_000 }]);
  });
});

describe('spreadWidth', () => {
  it('uses the free workers only as far as the machine has free cores', () => {
    // 2 cores, this run alone on the machine (its own thread keeps the load near 1): both workers.
    expect(spreadWidth(5, 2, 0.9, 2)).toBe(2);
    // Every core busy with other work: one worker, the property is not spread.
    expect(spreadWidth(5, 2, 6.5, 2)).toBe(1);
    expect(spreadWidth(10, 8, 2.2, 8)).toBe(7);
    expect(spreadWidth(5, 2, 1.4, 2)).toBe(2);
    expect(spreadWidth(5, 2, 1.7, 2)).toBe(1);
    expect(spreadWidth(3, 8, 0, 8)).toBe(3);
    expect(spreadWidth(5, 1, 0, 8)).toBe(1);
  });
});

describe('mergeShares', () => {
  it('lets the first failing share in run order decide, even when a later one failed first, and ignores what comes after', async () => {
    const first = ran({ covered: { called: ['a'], hostCalls: ['h1'], staticReads: [], httpLines: [] }, tally: { runs: 2, first: 'first note' }, range: [['x', { unit: 'bytes', low: 1, high: 5 }]], inputs: [1, 2] });
    const failing = ran({ failedAt: 40, shared: { from: 32, count: 9 }, covered: { called: ['a', 'b'], hostCalls: ['h2', 'h1'], staticReads: ['s'], httpLines: [] }, tally: { runs: 1, first: 'second note' }, range: [['y', { unit: '', low: 0, high: 0 }], ['x', { unit: 'bytes', low: 0, high: 3 }]], inputs: [3] });
    const afterwards = ran({ failedAt: 100, covered: { called: ['c'], hostCalls: [], staticReads: [], httpLines: [] } });
    const merged = await mergeShares(4, [later(first, 30), later(failing, 20), later(afterwards, 1), Promise.resolve(undefined)]);
    expect(merged).toEqual(
      ran({
        failedAt: 40,
        shared: { from: 32, count: 9 },
        covered: { called: ['a', 'b'], hostCalls: ['h1', 'h2'], staticReads: ['s'], httpLines: [] },
        tally: { runs: 3, first: 'first note' },
        range: [
          ['x', { unit: 'bytes', low: 0, high: 5 }],
          ['y', { unit: '', low: 0, high: 0 }],
        ],
        inputs: [1, 2, 3],
      }),
    );
  });

  it('gives up (the main thread runs the property) when a share before any failure was lost, and passes on an error', async () => {
    expect(await mergeShares(2, [Promise.resolve(ran({})), Promise.resolve(undefined)])).toBeUndefined();
    expect(await mergeShares(2, [Promise.resolve(ran({})), Promise.resolve({ kind: 'error', message: 'no oracle' } as const)])).toEqual({ kind: 'error', message: 'no oracle' });
    expect(await mergeShares(2, [Promise.resolve(ran({ failedAt: 3 })), Promise.resolve(undefined)])).toMatchObject({ failedAt: 3 });
  });
});
