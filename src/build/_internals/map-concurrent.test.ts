import { expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('keeps input order and never runs more than the limit at once', async () => {
  let running = 0;
  let peak = 0;
  const out = await mapConcurrent([30, 5, 20, 1, 10], 2, async (ms, i) => {
    running += 1;
    peak = Math.max(peak, running);
    await tick(ms);
    running -= 1;
    return `${i}:${ms}`;
  });
  expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  expect(peak).toBe(2);
});

it('rethrows the first failure after the lanes stop', async () => {
  const seen: number[] = [];
  await expect(
    mapConcurrent([1, 2, 3], 1, async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('two');
      return n;
    }),
  ).rejects.toThrow('two');
  expect(seen).toEqual([1, 2]);
});
