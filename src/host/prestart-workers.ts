import { prestartWorkerThread } from './_internals/worker-thread.js';
import { DEFAULT_MAX_HEAP_MB } from './plugin-spec.js';

/**
 * Starts `count` worker threads now, before any Supervisor needs them, so
 * their boot overlaps the caller's own start-up (a CLI loading its modules,
 * parsing suites and loading kegs); Supervisors needing a worker with this
 * heap cap take them. They never keep the process alive, and stop by
 * themselves if no Supervisor takes them within a few seconds. A module of
 * its own, apart from the Supervisor, so a CLI can start them before it
 * loads anything else.
 */
export function prestartWorkers(count: number = 1, maxHeapMb: number = DEFAULT_MAX_HEAP_MB): void {
  for (let i = 0; i < count; i += 1) prestartWorkerThread(maxHeapMb);
}
