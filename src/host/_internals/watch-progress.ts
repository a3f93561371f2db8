import { IDLE, readProgress, sharedNow } from './progress-slot.js';

// How often a worker that has not begun, or sits idle between calls, is looked at.
const POLL_MS = 20;

/** A call that ran past its deadline. */
export interface MissedDeadline {
  readonly index: number;
  readonly elapsedMs: number;
  readonly timeoutMs: number;
}

export interface ProgressWatch {
  /** The worker's progress slot and the shared-clock origin of its start times. */
  readonly progress: SharedArrayBuffer;
  readonly epoch: number;
  /** The batch (or task) id the worker writes into the slot while it runs this work. */
  readonly batch: number;
  /** When the work was posted, on the shared clock (sharedNow()). */
  readonly postedAt: number;
  /** How long the worker may take to begin the work (write `batch` into the slot). */
  readonly startDeadlineMs: number;
  /**
   * The longest sleep while a call runs (default 20 ms). Given the shortest
   * deadline of the work's calls, a watch wakes no more than once per that
   * deadline and still sees every call at its own deadline: a call that
   * starts after a look has a deadline no earlier than the next look.
   */
  readonly maxSleepMs?: number;
  /** A call is past its deadline. The watch has ended. */
  onDeadline(missed: MissedDeadline): void;
  /** The worker did not begin within startDeadlineMs. The watch has ended. */
  onNeverStarted(elapsedMs: number): void;
}

/**
 * Watches a worker's progress slot for the work posted to it: calls `onDeadline`
 * once the running call is past its deadline, or `onNeverStarted` if the worker
 * has not begun the work within its start deadline, whichever comes first, and
 * then stops. The one deadline watchdog of batches and worker tasks (the caller
 * decides what a miss costs). Returns `stop`, which ends the watch and clears
 * its timer (call it when the work ends normally).
 */
export function watchProgress(watch: ProgressWatch): () => void {
  const { progress, epoch, batch, postedAt, startDeadlineMs, onDeadline, onNeverStarted } = watch;
  const maxSleepMs = watch.maxSleepMs ?? POLL_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = (): void => {
    timer = undefined;
    if (stopped) return;
    const slot = readProgress(progress);
    const now = sharedNow();
    if (slot.batch === batch && slot.index !== IDLE) {
      const started = epoch + slot.startedMs;
      const deadline = started + slot.timeoutMs;
      if (now >= deadline) {
        stopped = true;
        onDeadline({ index: slot.index, elapsedMs: now - started, timeoutMs: slot.timeoutMs });
        return;
      }
      // A later call may have a shorter deadline than this one: never sleep past maxSleepMs.
      timer = setTimeout(check, Math.max(1, Math.min(deadline - now, maxSleepMs)));
    } else if (slot.batch !== batch && now - postedAt >= startDeadlineMs) {
      // Never began: hung while starting (or still booting past any reason).
      stopped = true;
      onNeverStarted(now - postedAt);
    } else {
      timer = setTimeout(check, Math.min(POLL_MS, Math.max(1, postedAt + startDeadlineMs - now)));
    }
  };
  timer = setTimeout(check, Math.max(1, Math.min(POLL_MS, startDeadlineMs)));
  return () => {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
  };
}
