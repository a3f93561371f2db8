import type { Worker } from 'node:worker_threads';
import { sharedNow } from './progress-slot.js';
import { watchProgress } from './watch-progress.js';
import type { TaskMessage, TaskOutcome, TaskReply } from './worker-task-protocol.js';

/** The parts of a supervisor's worker a task needs; the supervisor keeps the pool. */
export interface TaskWorker {
  readonly worker: Worker;
  readonly progress: SharedArrayBuffer;
  readonly epoch: number;
  /** Routes the worker's messages, and news of its end, to the task until `unlisten`. */
  listen(onMessage: (message: unknown) => void, onLost: (message: string) => void): void;
  unlisten(): void;
  /** Reads messages the worker posted that the event loop has not delivered yet. */
  drain(): void;
  kill(): void;
}

/**
 * Posts a task to a worker and watches it as a batch is watched: a call past
 * its deadline, a worker that does not begin within `startDeadlineMs`, or one
 * that ends, loses the task (the worker is stopped). Never rejects.
 */
export function watchTask(handle: TaskWorker, message: TaskMessage, startDeadlineMs: number): Promise<TaskOutcome> {
  const { batch } = message;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: TaskOutcome): void => {
      if (settled) return;
      settled = true;
      stopWatch();
      handle.unlisten();
      resolve(outcome);
    };
    const lose = (why: string): void => {
      handle.kill();
      settle({ ok: false, kind: 'lost', message: why });
    };
    handle.listen(
      (received) => {
        const reply = received as TaskReply;
        if (reply.batch !== batch) return;
        if (reply.type === 'task-done') settle({ ok: true, value: reply.value });
        else if (reply.type === 'task-failed') settle({ ok: false, kind: 'threw', message: reply.message });
      },
      (why) => settle({ ok: false, kind: 'lost', message: why }),
    );
    // Its callbacks run from timers, after this line: settle never meets stopWatch uninitialised.
    const stopWatch = watchProgress({
      progress: handle.progress,
      epoch: handle.epoch,
      batch,
      postedAt: sharedNow(),
      startDeadlineMs,
      onDeadline: ({ timeoutMs }) => {
        // The task may have ended just before: its reply, already posted, wins.
        handle.drain();
        if (!settled) lose(`a call did not finish within ${timeoutMs} ms`);
      },
      onNeverStarted: () => lose(`the worker thread did not start the task within ${startDeadlineMs} ms`),
    });
    handle.worker.ref();
    handle.worker.postMessage(message);
  });
}
