import { describe, expect, it } from 'vitest';
import { orderedPool } from './ordered-pool.js';

// Tasks that finish when the test says so, to force a completion order.
function gates(count: number): { wait: (i: number) => Promise<void>; open: (i: number) => void; started: number[] } {
  const opens: Array<() => void> = [];
  const waits = Array.from({ length: count }, (_, i) => new Promise<void>((resolve) => (opens[i] = resolve)));
  const started: number[] = [];
  return {
    started,
    wait: async (i) => {
      started.push(i);
      await waits[i];
    },
    open: (i) => opens[i]?.(),
  };
}

const tick = async (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('orderedPool', () => {
  it('runs at most `limit` tasks at once and streams results in task order whatever order they finish in', async () => {
    const g = gates(5);
    let running = 0;
    let most = 0;
    const streamed: number[] = [];
    const pool = orderedPool(
      5,
      2,
      async (i) => {
        running += 1;
        most = Math.max(most, running);
        await g.wait(i);
        running -= 1;
        return i * 10;
      },
      (r) => streamed.push(r),
    );
    await tick();
    expect(g.started).toEqual([0, 1]);
    g.open(1);
    await tick();
    expect(streamed).toEqual([]);
    expect(g.started).toEqual([0, 1, 2]);
    g.open(2);
    g.open(0);
    await tick();
    expect(streamed).toEqual([0, 10, 20]);
    g.open(4);
    g.open(3);
    expect(await pool).toEqual([0, 10, 20, 30, 40]);
    expect(streamed).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
  });

  it('starts nothing new after a task throws, waits for the running ones, then throws the error', async () => {
    const g = gates(4);
    const finished: number[] = [];
    const pool = orderedPool(4, 2, async (i) => {
      await g.wait(i);
      if (i === 0) throw new Error('task 0 broke');
      finished.push(i);
      return i;
    });
    const settled = pool.then(
      () => 'resolved',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    await tick();
    g.open(0);
    await tick();
    expect(g.started).toEqual([0, 1]);
    g.open(1);
    expect(await settled).toBe('task 0 broke');
    expect(finished).toEqual([1]);
  });

  it('with no tasks resolves with none', async () => {
    expect(await orderedPool(0, 4, async () => 1)).toEqual([]);
  });
});
