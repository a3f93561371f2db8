import { describe, expect, it } from 'vitest';
import { taskPool } from './task-pool.js';

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

/** 'resolved', or the message the pool rejected with. */
function outcome(pool: Promise<unknown>): Promise<string> {
  return pool.then(
    () => 'resolved',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe('taskPool', () => {
  it('runs at most `limit` tasks at once and streams results in task order whatever order they finish in', async () => {
    const g = gates(5);
    let running = 0;
    let most = 0;
    const streamed: number[] = [];
    const pool = taskPool(
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

  it('keeps input order when tasks finish out of order (timers)', async () => {
    const out = await taskPool(5, 2, async (i) => {
      await new Promise((resolve) => setTimeout(resolve, [30, 5, 20, 1, 10][i]));
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
  });

  it('after a task throws starts nothing new, waits for the running ones to end, then rejects with that error', async () => {
    const g = gates(4);
    const finished: number[] = [];
    const pool = taskPool(4, 2, async (i) => {
      await g.wait(i);
      if (i === 0) throw new Error('task 0 broke');
      finished.push(i);
      return i;
    });
    let settled = false;
    const result = outcome(pool).finally(() => (settled = true));
    await tick();
    g.open(0);
    await tick();
    await tick();
    // Task 1 still runs: the pool must not settle before it ends.
    expect(settled).toBe(false);
    expect(g.started).toEqual([0, 1]);
    g.open(1);
    expect(await result).toBe('task 0 broke');
    expect(finished).toEqual([1]);
  });

  it('keeps the error object as thrown (its code and cause reach the caller)', async () => {
    const cause = new Error('root');
    const thrown = Object.assign(new Error('wrapped', { cause }), { code: 'aborted' });
    const error = await taskPool(2, 2, async (i) => {
      if (i === 1) throw thrown;
      return i;
    }).catch((e: unknown) => e);
    expect(error).toBe(thrown);
    expect((error as Error).cause).toBe(cause);
  });

  it('when onResult throws: no further onResult, nothing new starts, the running lane is awaited, then it rejects with that error', async () => {
    const g = gates(4);
    const streamed: number[] = [];
    const pool = taskPool(
      4,
      2,
      async (i) => {
        await g.wait(i);
        return i;
      },
      (r) => {
        streamed.push(r);
        if (r === 0) throw new Error('reporter broke');
      },
    );
    let settled = false;
    const result = outcome(pool).finally(() => (settled = true));
    await tick();
    g.open(0);
    await tick();
    await tick();
    expect(streamed).toEqual([0]);
    // Lane of task 1 is still running: before, the pool rejected here and left it unawaited.
    expect(settled).toBe(false);
    g.open(1);
    expect(await result).toBe('reporter broke');
    expect(g.started).toEqual([0, 1]);
    expect(streamed).toEqual([0]);
  });

  it('with release, hands each result on and keeps none of them (a long run holds only results waiting for earlier ones)', async () => {
    const g = gates(3);
    const seen: number[] = [];
    const pool = taskPool(3, 3, async (i) => (await g.wait(i), i * 10), (r) => seen.push(r), true);
    g.open(2);
    g.open(0);
    g.open(1);
    expect(await pool).toEqual([]);
    expect(seen).toEqual([0, 10, 20]);
  });

  it('with no tasks resolves with none', async () => {
    expect(await taskPool(0, 4, async () => 1)).toEqual([]);
  });
});
