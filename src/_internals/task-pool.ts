/**
 * Runs `count` tasks with at most `limit` at once: the one concurrency pool
 * of kegcheck (keg × plugin items of a suite run, plugin builds). Its rules:
 *
 * - Results come back in task order, and `onResult` sees each one in task
 *   order too (not completion order), so whatever streams them (reporters)
 *   sees the same sequence as a one-at-a-time run.
 * - A failure is a task that throws or an `onResult` that throws. After the
 *   first one no new task starts and `onResult` is not called again.
 * - Every task that started is awaited to its end, failure or not: the pool
 *   never settles with a lane still running.
 * - Then the pool rejects with the first failure, as it was thrown (a
 *   KegcheckError keeps its code; the caller wraps it if it knows more).
 * - With `release`, a result is dropped once handed to `onResult` (the
 *   returned array is then empty): a long run holds only the results waiting
 *   for an earlier one to finish.
 */
export async function taskPool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
  onResult: (result: T, index: number) => void = () => undefined,
  release = false,
): Promise<T[]> {
  const results = new Array<T>(count);
  const done = new Array<boolean>(count).fill(false);
  let next = 0;
  let delivered = 0;
  let failure: { error: unknown } | undefined;
  const deliver = (): void => {
    while (failure === undefined && delivered < count && done[delivered] === true) {
      const index = delivered;
      delivered += 1;
      const result = results[index] as T;
      if (release) delete results[index];
      try {
        onResult(result, index);
      } catch (error) {
        failure = { error };
      }
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
      deliver();
    }
  };
  // Lanes never reject (every throw is caught above), so this waits for all of them.
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
  if (failure !== undefined) throw failure.error;
  return release ? [] : results;
}
