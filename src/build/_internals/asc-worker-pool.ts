import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER_FILE = fileURLToPath(new URL('./asc-worker.mjs', import.meta.url));
// binaryen holds ~200 MB; an idle compiler is let go rather than kept for the process's life.
const IDLE_MS = 5_000;

export type AscOutcome =
  | { readonly kind: 'ok'; readonly version: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'missing'; readonly message: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'crashed'; readonly message: string };

interface Pending {
  readonly resolve: (outcome: AscOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function settle(id: number, outcome: AscOutcome): void {
  const job = pending.get(id);
  if (job === undefined) return;
  clearTimeout(job.timer);
  pending.delete(id);
  job.resolve(outcome);
  if (pending.size === 0 && worker !== undefined) {
    // Idle: the worker must not keep the process alive, and goes away after a while.
    worker.unref();
    const idle = worker;
    idleTimer = setTimeout(() => {
      if (worker === idle) stop();
    }, IDLE_MS).unref();
  }
}

function stop(): void {
  const current = worker;
  worker = undefined;
  void current?.terminate();
}

function start(): Worker {
  const created = new Worker(WORKER_FILE, { execArgv: [] });
  created.on('message', (message: { id: number } & AscOutcome) => settle(message.id, message));
  const fail = (message: string): void => {
    if (worker === created) worker = undefined;
    for (const id of [...pending.keys()]) settle(id, { kind: 'crashed', message });
  };
  created.on('error', (error) => fail(error.message));
  created.on('exit', (code) => fail(`the compiler thread exited (code ${code})`));
  return created;
}

/** Runs `asc <args>` in the shared compiler thread; never rejects. */
export function runAsc(args: readonly string[], timeoutMs: number): Promise<AscOutcome> {
  clearTimeout(idleTimer);
  worker ??= start();
  worker.ref();
  const id = (nextId += 1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      settle(id, { kind: 'timeout' });
      // A stuck compiler cannot be trusted with the next job.
      stop();
    }, timeoutMs);
    pending.set(id, { resolve, timer });
    worker?.postMessage({ id, args: [...args] });
  });
}
