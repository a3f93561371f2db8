// Runs tasks with at most `limit` at once and hands their results to `onResult`
// in task order, not completion order, so whatever streams them (reporters)
// sees the same sequence as a one-at-a-time run. Resolves with the results in
// task order. After a task throws no new task starts; the running ones are
// awaited, then the first error is thrown. With `release`, a result is
// dropped once handed on (the returned array is then empty): a long run holds
// only the results waiting for an earlier one to finish.
export async function orderedPool<T>(count: number, limit: number, task: (index: number) => Promise<T>, onResult: (result: T, index: number) => void = () => undefined, release = false): Promise<T[]> {
  const results = new Array<T>(count);
  const done = new Array<boolean>(count).fill(false);
  let next = 0;
  let flushed = 0;
  let failure: { error: unknown } | undefined;
  const flush = (): void => {
    while (flushed < count && done[flushed] === true) {
      const result = results[flushed] as T;
      if (release) delete results[flushed];
      flushed += 1;
      onResult(result, flushed - 1);
    }
  };
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < count) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(index);
      } catch (error) {
        failure ??= { error };
        return;
      }
      done[index] = true;
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
  if (failure !== undefined) throw failure.error;
  return release ? [] : results;
}
