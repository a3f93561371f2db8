/**
 * Runs every cleanup to the end, one after another, whatever throws, and
 * never hides the error that made the work stop:
 * - `failure` given, cleanups fine: `failure.error` is rethrown as it was;
 * - `failure` given and cleanups threw: an AggregateError of all, whose
 *   `cause` (and first entry) is the original error;
 * - no failure: the one cleanup error as it was, or an AggregateError of several.
 */
export async function runCleanups(cleanups: Iterable<(() => unknown) | undefined>, failure?: { readonly error: unknown }): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of cleanups) {
    if (cleanup === undefined) continue;
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (failure !== undefined) {
    if (errors.length === 0) throw failure.error;
    throw new AggregateError([failure.error, ...errors], `${describe(failure.error)} (and ${errors.length} cleanup error${errors.length === 1 ? '' : 's'}: ${errors.map(describe).join('; ')})`, { cause: failure.error });
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanups failed: ${errors.map(describe).join('; ')}`, { cause: errors[0] });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
