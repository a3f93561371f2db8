import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { createProgressBuffer, sharedNow } from './progress-slot.js';
import type { WorkerStart } from './worker-protocol.js';

// Compiled (dist/), the worker runs worker-bootstrap.js as it is. Run from the
// TypeScript sources (tests, tsx in the repo), the thread registers tsx's
// loader first: a worker's execArgv cannot take --import.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const BOOTSTRAP = new URL(FROM_SOURCES ? './worker-bootstrap.ts' : './worker-bootstrap.js', import.meta.url);

function workerEntry(): { entry: URL | string; eval: boolean } {
  if (!FROM_SOURCES) return { entry: BOOTSTRAP, eval: false };
  // tsx's ESM entry of its API (the `import` condition of tsx/esm/api).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const source = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(BOOTSTRAP.href)}); });`;
  return { entry: source, eval: true };
}
// Long enough to cover a CLI's start-up, short enough that an unused thread does not linger in a library user's process.
const PARKED_FOR_MS = 10_000;


/** A worker thread and what the parent keeps to talk to it. */
export interface WorkerThread {
  readonly worker: Worker;
  readonly results: MessagePort;
  readonly progress: SharedArrayBuffer;
  readonly epoch: number;
  readonly heapMb: number;
}

interface Parked extends WorkerThread {
  failed: boolean;
  readonly timer: NodeJS.Timeout;
  readonly drop: () => void;
}

const parked: Parked[] = [];

function launch(heapMb: number): WorkerThread {
  const progress = createProgressBuffer();
  const epoch = Math.floor(sharedNow());
  const channel = new MessageChannel();
  const start: WorkerStart = { progress, epoch, results: channel.port2 };
  const { entry, eval: isEval } = workerEntry();
  const worker = new Worker(entry, {
    eval: isEval,
    workerData: start,
    transferList: [channel.port2],
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  return { worker, results: channel.port1, progress, epoch, heapMb };
}

/**
 * Starts a thread now that nobody owns yet, so its boot (loading the worker
 * code and @extism/extism) overlaps whatever the caller does next. It never
 * keeps the process alive and stops by itself if no one takes it in time.
 */
export function prestartWorkerThread(heapMb: number): void {
  const thread = launch(heapMb);
  thread.worker.unref();
  const timer = setTimeout(() => {
    const at = parked.indexOf(entry);
    if (at >= 0) parked.splice(at, 1);
    void thread.worker.terminate().catch(() => undefined);
  }, PARKED_FOR_MS);
  timer.unref();
  // A parked thread that fails is dropped; its error must not surface as an unhandled 'error' event.
  const drop = (): void => {
    entry.failed = true;
    const at = parked.indexOf(entry);
    if (at >= 0) parked.splice(at, 1);
    clearTimeout(timer);
  };
  const entry: Parked = { ...thread, failed: false, timer, drop };
  thread.worker.on('error', drop);
  thread.worker.once('exit', drop);
  parked.push(entry);
}

/** A thread for a Supervisor: a prestarted one with the same heap cap when there is one, else a new one. */
export function takeWorkerThread(heapMb: number): WorkerThread {
  const at = parked.findIndex((p) => p.heapMb === heapMb && !p.failed);
  if (at < 0) return launch(heapMb);
  const [entry] = parked.splice(at, 1) as [Parked];
  clearTimeout(entry.timer);
  entry.worker.removeListener('error', entry.drop);
  entry.worker.removeListener('exit', entry.drop);
  // As a new Worker: ref'd until the Supervisor parks it as idle.
  entry.worker.ref();
  return { worker: entry.worker, results: entry.results, progress: entry.progress, epoch: entry.epoch, heapMb };
}

/** Threads started ahead and not taken yet (for tests). */
export function parkedWorkerThreads(): number {
  return parked.length;
}
