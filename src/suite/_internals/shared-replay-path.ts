// Apart from shared-instance-shrink.ts so that checking a --replay-path before
// a run does not load fast-check (suites without properties never need it).

/** The prefix of replay paths that name a sequence of runs (`shared:3,17,42`: runs 3, 17, 42 of the seed, on one instance, the last judged). */
export const SHARED_PATH_PREFIX = 'shared:';

/** The run indices a `shared:` replay path names, or undefined when it is not one. */
export function sharedReplayRuns(path: string | undefined): number[] | undefined {
  if (path?.startsWith(SHARED_PATH_PREFIX) !== true) return undefined;
  const list = path.slice(SHARED_PATH_PREFIX.length);
  if (!/^\d+(,\d+)*$/.test(list)) return undefined;
  const runs = list.split(',').map(Number);
  return runs.every((n) => Number.isSafeInteger(n)) ? runs : undefined;
}
