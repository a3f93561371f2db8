import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_HEAP_MB } from '../plugin-spec.js';
import { Supervisor } from '../supervisor.js';
import { fixtureSpec, text } from './fixture-specs.js';
import { parkedWorkerThreads, prestartWorkerThread, takeWorkerThread } from './worker-thread.js';

describe('prestarted worker threads', () => {
  const supervisor = new Supervisor({ workers: 1 });
  afterAll(() => supervisor.close());

  it('the next Supervisor needing a worker with that heap cap takes the prestarted thread and runs on it', async () => {
    Supervisor.prestart();
    expect(parkedWorkerThreads()).toBe(1);
    const results = await supervisor.run(fixtureSpec('probe-keg', 'probe'), [{ fn: 'echo', input: text('hi') }]);
    expect(results.map((r) => r.kind)).toEqual(['ok']);
    expect(parkedWorkerThreads()).toBe(0);
    expect(supervisor.liveWorkers).toBe(1);
  });

  it('is not given to a worker with another heap cap', async () => {
    prestartWorkerThread(DEFAULT_MAX_HEAP_MB + 1);
    const other = takeWorkerThread(DEFAULT_MAX_HEAP_MB);
    expect(parkedWorkerThreads()).toBe(1);
    const same = takeWorkerThread(DEFAULT_MAX_HEAP_MB + 1);
    expect(parkedWorkerThreads()).toBe(0);
    expect(same.heapMb).toBe(DEFAULT_MAX_HEAP_MB + 1);
    await Promise.all([other.worker.terminate(), same.worker.terminate()]);
  });

  it('drops a parked thread that dies before anyone takes it, without an unhandled error', async () => {
    // Too small a heap to even load the worker code: the thread fails while parked.
    prestartWorkerThread(1);
    expect(parkedWorkerThreads()).toBe(1);
    while (parkedWorkerThreads() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const fresh = takeWorkerThread(1);
    expect(parkedWorkerThreads()).toBe(0);
    await fresh.worker.terminate();
  });
});
