import type fc from 'fast-check';

/**
 * fast-check parameters for the codec's property tests. The seed comes from
 * KEGCHECK_SEED when set (to replay a failure), else it is fresh; either way
 * it is printed, and fast-check repeats it in any failure message.
 * KEGCHECK_RUNS overrides the number of runs.
 */
export function propertyParams<T>(label: string, defaultRuns: number): fc.Parameters<T> {
  const fromEnv = process.env['KEGCHECK_SEED'];
  const seed = fromEnv !== undefined && fromEnv !== '' ? Number.parseInt(fromEnv, 10) : (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0;
  const runs = process.env['KEGCHECK_RUNS'];
  const numRuns = runs !== undefined && runs !== '' ? Number.parseInt(runs, 10) : defaultRuns;
  // eslint-disable-next-line no-console -- test helper: the seed has to reach the test log
  console.log(`[property] ${label}: seed=${seed} runs=${numRuns} (replay with KEGCHECK_SEED=${seed})`);
  return { seed, numRuns };
}
