import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow between full collections,
 * for the rest of the process (every thread: V8 flags are per process). On a
 * long `kegcheck run` the main thread promotes the short-lived data of every
 * keg in flight (the young generation is kept small, steadyYoungGeneration),
 * and V8 lets that garbage pile up to about three times the live heap before
 * it collects; peak RSS then went on growing with the number of kegs (about
 * 16 MiB more main-thread heap for a store of 1,000 kegs than for 100) while
 * the retained heap stayed flat. With a growing factor of 1.25 a full
 * collection comes after the live heap plus V8's minimum step (8 MiB): a few
 * more incremental collections of a ~10 MiB heap, milliseconds each.
 *
 * `heap-growing-percent` is read each time V8 sets the next limit, so setting
 * it after start-up takes effect; a worker thread starting up resets V8's
 * flags to node's (node 20), so it is set again once each worker is online.
 * Only the CLI calls this, and not when the user chose the factor through
 * NODE_OPTIONS or node's own flags.
 */
export function steadyOldGeneration(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((flag) => /^--heap[-_]growing[-_]percent/.test(flag));
  if (chosen) return false;
  const apply = (): void => setFlagsFromString('--heap-growing-percent=25');
  apply();
  process.on('worker', (worker) => worker.once('online', apply));
  return true;
}
