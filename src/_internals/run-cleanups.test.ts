import { describe, expect, it } from 'vitest';
import { runCleanups } from './run-cleanups.js';

describe('runCleanups', () => {
  it('runs every cleanup in order even when one throws, then throws that one as it was', async () => {
    const ran: number[] = [];
    const broken = new Error('dispose 2 failed');
    const out = runCleanups([() => ran.push(1), () => Promise.reject(broken), undefined, async () => ran.push(3)]);
    await expect(out).rejects.toBe(broken);
    expect(ran).toEqual([1, 3]);
  });

  it('rethrows the original error untouched when every cleanup succeeds', async () => {
    const original = new RangeError('the run failed');
    let closed = false;
    await expect(runCleanups([() => (closed = true)], { error: original })).rejects.toBe(original);
    expect(closed).toBe(true);
  });

  it('keeps the original error as the cause and first entry when cleanups also fail', async () => {
    const original = new Error('the run failed');
    const a = new Error('dispose a');
    const b = new Error('close b');
    const caught = await runCleanups([() => { throw a; }, () => Promise.reject(b)], { error: original }).then(() => undefined, (e: unknown) => e);
    expect(caught).toBeInstanceOf(AggregateError);
    expect((caught as AggregateError).cause).toBe(original);
    expect((caught as AggregateError).errors).toEqual([original, a, b]);
    expect((caught as AggregateError).message).toContain('the run failed');
  });

  it('aggregates several cleanup errors without a failure, and is quiet when all succeed', async () => {
    const caught = await runCleanups([() => { throw new Error('x'); }, () => { throw new Error('y'); }]).then(() => undefined, (e: unknown) => e);
    expect((caught as AggregateError).errors.map((e: Error) => e.message)).toEqual(['x', 'y']);
    await expect(runCleanups([() => undefined])).resolves.toBeUndefined();
  });
});
