import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the rest of the
 * process, in every thread (V8 flags are per process). V8 doubles a
 * thread's young generation, up to 2 × 16 MiB, as objects keep surviving
 * scavenges; in a long `kegcheck run` the main thread and each plugin worker
 * get there however little they keep, so peak RSS grew with the number of kegs
 * (about 200 MiB for 1,000 kegs against 110 MiB for 100) while the retained
 * heap stayed flat. Without the growth the young generation stays small and
 * peak RSS flat (docs/benchmarks.md, the memory figures); scavenges run more
 * often but each one is smaller, so a run takes no longer.
 *
 * `semi-space-growth-factor` is read each time V8 would grow the space, so
 * setting it after start-up takes effect; a worker thread starting up resets
 * V8's flags to node's (node 20), so it is set again once each worker is
 * online. Only the CLI calls this (it owns its process; the library never
 * changes V8 flags), and not when the user chose a young generation size
 * through NODE_OPTIONS or node's own flags.
 */
export function steadyYoungGeneration(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((flag) => /^--(max|min)[-_]semi[-_]space[-_]size|^--semi[-_]space[-_]growth[-_]factor/.test(flag));
  if (chosen) return false;
  const apply = (): void => setFlagsFromString('--semi-space-growth-factor=1');
  apply();
  process.on('worker', (worker) => worker.once('online', apply));
  return true;
}
