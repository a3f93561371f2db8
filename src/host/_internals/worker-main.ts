import { parentPort, workerData } from 'node:worker_threads';
import { PluginSession } from './plugin-session.js';
import { COMPILING, IDLE, ProgressWriter } from './progress-slot.js';
import type { BatchMessage, WorkerCallResult, WorkerMessage, WorkerStart } from './worker-protocol.js';

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
  port?.postMessage(message, transfer);
}

async function runBatch(message: BatchMessage): Promise<void> {
  progress.set(message.batch, COMPILING, COMPILE_DEADLINE_MS);
  const session = await PluginSession.open(message.spec);
  let pending: WorkerCallResult[] = [];
  let pendingBytes = 0;
  let lastFlush = performance.now();
  const flush = (): void => {
    if (pending.length === 0) return;
    const transfer = pending.flatMap((r) => (r.outcome.kind === 'ok' ? [r.outcome.output.buffer as ArrayBuffer] : []));
    post({ type: 'results', batch: message.batch, results: pending }, transfer);
    pending = [];
    pendingBytes = 0;
    lastFlush = performance.now();
  };
  try {
    for (const call of message.calls) {
      progress.set(message.batch, call.index, call.timeoutMs);
      const began = performance.now();
      const { outcome, capture } = await session.call(call);
      const elapsedMs = performance.now() - began;
      if (call.index < message.reportFrom) continue;
      pending.push({ index: call.index, outcome, capture, elapsedMs });
      if (outcome.kind === 'ok') pendingBytes += outcome.output.byteLength;
      if (pending.length >= FLUSH_COUNT || pendingBytes >= FLUSH_BYTES || performance.now() - lastFlush >= FLUSH_MS) flush();
    }
  } finally {
    progress.set(message.batch, IDLE, 0);
    flush();
    await session.close();
  }
}

port.on('message', (message: BatchMessage) => {
  runBatch(message).then(
    () => post({ type: 'done', batch: message.batch }),
    (error: unknown) => post({ type: 'failed', batch: message.batch, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
