import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPILING, IDLE, ProgressWriter, createProgressBuffer, sharedNow } from './progress-slot.js';
import { watchProgress, type MissedDeadline } from './watch-progress.js';

// The slot is written here the way a worker writes it; the watch runs on real timers and the real shared clock.

interface Heard {
  readonly missed: Promise<MissedDeadline | { neverStarted: number }>;
  readonly stop: () => void;
  readonly calls: () => number;
}

function watch(slot: { progress: SharedArrayBuffer; epoch: number }, batch: number, startDeadlineMs: number, maxSleepMs?: number): Heard {
  let calls = 0;
  let stop: () => void = () => undefined;
  const missed = new Promise<MissedDeadline | { neverStarted: number }>((resolve) => {
    stop = watchProgress({
      ...slot,
      batch,
      postedAt: sharedNow(),
      startDeadlineMs,
      ...(maxSleepMs === undefined ? {} : { maxSleepMs }),
      onDeadline: (m) => {
        calls += 1;
        resolve(m);
      },
      onNeverStarted: (elapsedMs) => {
        calls += 1;
        resolve({ neverStarted: elapsedMs });
      },
    });
  });
  return { missed, stop, calls: () => calls };
}

function slot(): { progress: SharedArrayBuffer; epoch: number; writer: ProgressWriter } {
  const progress = createProgressBuffer();
  const epoch = Math.floor(sharedNow()) - 5000;
  return { progress, epoch, writer: new ProgressWriter(progress, epoch) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('watchProgress', () => {
  it('reports the running call once it is past its deadline, with its index and how long it ran, and only once', async () => {
    const s = slot();
    const heard = watch(s, 7, 10_000, 5_000);
    s.writer.set(7, 0, 5_000);
    s.writer.set(7, 1, 5_000);
    // A later call with a shorter deadline than the watch's longest sleep is still seen at its own.
    s.writer.set(7, 2, 60);
    const began = sharedNow();
    const missed = await heard.missed;
    expect(missed).toMatchObject({ index: 2, timeoutMs: 60 });
    const { elapsedMs } = missed as MissedDeadline;
    expect(elapsedMs).toBeGreaterThanOrEqual(60);
    expect(sharedNow() - began).toBeLessThan(1_000);
    await sleep(60);
    expect(heard.calls()).toBe(1);
  });

  it('gives no deadline to a worker that is idle between calls, or to another batch', async () => {
    const s = slot();
    const heard = watch(s, 3, 10_000);
    s.writer.set(3, 0, 30);
    s.writer.set(3, IDLE, 0);
    await sleep(120);
    expect(heard.calls()).toBe(0);
    s.writer.set(4, 0, 30);
    await sleep(120);
    expect(heard.calls()).toBe(0);
    heard.stop();
  });

  it('reports a batch that never started within its start deadline', async () => {
    const s = slot();
    // The worker is busy with batch 1 (compiling): batch 2 has not begun.
    s.writer.set(1, COMPILING, 60_000);
    const heard = watch(s, 2, 80);
    const missed = await heard.missed;
    expect(missed).toMatchObject({ neverStarted: expect.any(Number) });
    expect((missed as { neverStarted: number }).neverStarted).toBeGreaterThanOrEqual(80);
    expect(heard.calls()).toBe(1);
  });

  it('does not count a batch that began as never started, even past the start deadline', async () => {
    const s = slot();
    const heard = watch(s, 2, 40);
    s.writer.set(2, COMPILING, 60_000);
    await sleep(150);
    expect(heard.calls()).toBe(0);
    heard.stop();
  });

  it('stops at a normal end: its timer is cleared and nothing is reported afterwards', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = slot();
    const heard = watch(s, 5, 10_000);
    s.writer.set(5, 0, 50);
    expect(vi.getTimerCount()).toBe(1);
    heard.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
    await sleep(120);
    expect(heard.calls()).toBe(0);
  });

  it('ends by itself after reporting: no timer is left behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = slot();
    s.writer.set(9, 0, 1);
    const heard = watch(s, 9, 10_000);
    // Past the deadline on the real clock; the fake timer only has to fire.
    const until = sharedNow() + 5;
    while (sharedNow() < until);
    await vi.advanceTimersByTimeAsync(25);
    expect(heard.calls()).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
