import { describe, expect, it } from 'vitest';
import { ProgressWriter, createProgressBuffer, readProgress, sharedNow } from './progress-slot.js';

describe('progress slot', () => {
  it('reads back what was written, with a start time on the shared clock', () => {
    const buffer = createProgressBuffer();
    const epoch = Math.floor(sharedNow()) - 1000;
    const writer = new ProgressWriter(buffer, epoch);
    writer.set(3, 17, 250);
    const progress = readProgress(buffer);
    expect(progress).toMatchObject({ batch: 3, index: 17, timeoutMs: 250 });
    expect(Math.abs(epoch + progress.startedMs - sharedNow())).toBeLessThan(50);
  });

  it('clamps deadlines that do not fit an int32', () => {
    const buffer = createProgressBuffer();
    new ProgressWriter(buffer, 0).set(1, 0, 1e12);
    expect(readProgress(buffer).timeoutMs).toBe(0x7fffffff);
  });

  it('reads back every field as it changes from one call to the next (unchanged fields are not rewritten)', () => {
    const buffer = createProgressBuffer();
    const writer = new ProgressWriter(buffer, 0);
    const seen = [];
    for (const [batch, index, timeout] of [[1, 0, 100], [1, 1, 100], [1, 2, 40], [2, 0, 40], [2, -2, 0], [2, 3, 40]] as const) {
      writer.set(batch, index, timeout);
      const { batch: b, index: i, timeoutMs } = readProgress(buffer);
      seen.push([b, i, timeoutMs]);
    }
    expect(seen).toEqual([[1, 0, 100], [1, 1, 100], [1, 2, 40], [2, 0, 40], [2, -2, 0], [2, 3, 40]]);
  });
});
