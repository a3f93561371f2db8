import { parentPort, workerData } from 'node:worker_threads';
import { CallCursor } from './packed-calls.js';
import { PluginSession } from './plugin-session.js';
import { COMPILING, IDLE, ProgressWriter } from './progress-slot.js';
import { ResultChunkBuilder } from './result-chunk.js';
import type { BatchMessage, ReleaseMessage, WorkerMessage, WorkerStart } from './worker-protocol.js';
import { runWorkerTask } from './worker-task.js';
import type { PreloadMessage, TaskMessage, TaskReply, WorkerTaskModule } from './worker-task-protocol.js';

// Results go back in chunks: a message per call would cost more than the call.
const FLUSH_COUNT = 256;
const FLUSH_BYTES = 4 * 1024 * 1024;
const FLUSH_MS = 5;
const COMPILE_DEADLINE_MS = 60_000;

const start = workerData as WorkerStart;
const progress = new ProgressWriter(start.progress, start.epoch);
const port = parentPort;
if (port === null) throw new Error('worker-main must run in a worker thread');

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  start.results.postMessage(message, transfer);
}

// A lease's session outlives its batches, so its instance carries state
// from one run() to the next.
let kept: PluginSession | undefined;

async function release(): Promise<void> {
  const session = kept;
  kept = undefined;
  await session?.close();
}

async function runBatch(message: BatchMessage): Promise<void> {
  progress.set(message.batch, COMPILING, COMPILE_DEADLINE_MS);
  let session: PluginSession;
  if (message.resume && kept !== undefined) {
    session = kept;
  } else {
    await release();
    session = await PluginSession.open(message.spec, message.coverage);
  }
  if (message.keep) kept = session;
  const pending = new ResultChunkBuilder();
  let lastFlush = performance.now();
  const flush = (done: boolean): void => {
    // Counts go to shared memory whenever results go out: a worker stopped later loses little.
    session.harvestCoverage();
    if (pending.count === 0) {
      if (done) post({ type: 'done', batch: message.batch });
      return;
    }
    const { chunk, transfer } = pending.take(message.batch, done);
    post(chunk, transfer);
    lastFlush = performance.now();
  };
  try {
    // One cursor, no object per call; inputs are views: the session copies each into a buffer it reuses.
    const call = new CallCursor(message.calls);
    while (call.next()) {
      // Instantiating costs far more than a message, so before a fresh
      // instance the results so far go out: a call that then hangs or is
      // aborted takes nothing finished down with it. Steps on a reused
      // instance (the fast path) are only sent in chunks.
      // A lease's calls are few and each may be the one that hangs: always flush.
      if (call.fresh || message.keep) flush(false);
      const began = progress.set(message.batch, call.index, call.timeoutMs);
      const outcome = await session.invoke(call);
      const ended = performance.now();
      if (call.index < message.reportFrom) continue;
      pending.add(call.index, outcome, session.capture, ended - began);
      if (pending.count >= FLUSH_COUNT || pending.bytes >= FLUSH_BYTES || ended - lastFlush >= FLUSH_MS) flush(false);
    }
  } catch (error) {
    flush(false);
    post({ type: 'failed', batch: message.batch, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return;
  } finally {
    progress.set(message.batch, IDLE, 0);
    if (!message.keep) await session.close().catch(() => undefined);
  }
  // The last results travel with the end of the batch: one message, not two.
  flush(true);
}

// Nothing depends on it: a failure here only leaves the cost to the first batch.
void PluginSession.warmUp().catch(() => undefined);

port.on('message', (message: BatchMessage | ReleaseMessage | TaskMessage | PreloadMessage) => {
  if (message.type === 'preload') {
    void import(message.module)
      .then((module: Partial<WorkerTaskModule>) => module.warmUpWorkerTask?.())
      .catch(() => undefined);
    return;
  }
  if (message.type === 'release') {
    void release().catch(() => undefined);
    return;
  }
  if (message.type === 'task') {
    void release()
      .catch(() => undefined)
      .then(() => runWorkerTask(message, progress, (reply: TaskReply) => start.results.postMessage(reply)));
    return;
  }
  runBatch(message).catch((error: unknown) => {
    post({ type: 'failed', batch: message.batch, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
