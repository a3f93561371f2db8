// Every batch, lease and waiting acquire of a run watches the run's signal.
// Registered one by one they pile up on a caller's signal (Node warns on
// stderr past 10 listeners); this keeps one native listener per signal and
// fans out from it.
const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `fn` once when `signal` aborts (not if it already has: check
 * `signal.aborted` first); returns the function that stops watching.
 */
export function watchAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = watchers.get(signal);
  if (set === undefined) {
    const fresh = new Set<() => void>();
    set = fresh;
    watchers.set(signal, fresh);
    signal.addEventListener('abort', () => {
      for (const watcher of [...fresh]) watcher();
      fresh.clear();
    }, { once: true });
  }
  const own = set;
  // A wrapper of its own, so the same fn watched twice is two entries.
  const entry = (): void => fn();
  own.add(entry);
  return () => {
    own.delete(entry);
  };
}
