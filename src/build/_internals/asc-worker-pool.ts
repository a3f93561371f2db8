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

export interface AscWorkerOptions {
  /** The worker script; tests point it at a missing file to see a crash. */
  readonly workerFile?: string;
  /** What the worker imports as the compiler (default `assemblyscript/asc`). */
  readonly ascModule?: string;
}

/** One compiler thread shared by every build of the process, started on demand. */
export class AscWorkerPool {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: AscWorkerOptions = {}) {}

  /** Runs `asc <args>` in the compiler thread; never rejects. */
  run(args: readonly string[], timeoutMs: number): Promise<AscOutcome> {
    clearTimeout(this.idleTimer);
    let worker: Worker;
    try {
      worker = this.worker ??= this.start();
    } catch (error) {
      // A worker that cannot even be constructed is a crash like any other.
      return Promise.resolve({ kind: 'crashed', message: error instanceof Error ? error.message : String(error) });
    }
    worker.ref();
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, { kind: 'timeout' });
        // A stuck compiler cannot be trusted with the next job.
        this.stop();
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, args: [...args] });
    });
  }

  private settle(id: number, outcome: AscOutcome): void {
    const job = this.pending.get(id);
    if (job === undefined) return;
    clearTimeout(job.timer);
    this.pending.delete(id);
    job.resolve(outcome);
    if (this.pending.size === 0 && this.worker !== undefined) {
      // Idle: the worker must not keep the process alive, and goes away after a while.
      this.worker.unref();
      const idle = this.worker;
      this.idleTimer = setTimeout(() => {
        if (this.worker === idle) this.stop();
      }, IDLE_MS).unref();
    }
  }

  private stop(): void {
    const current = this.worker;
    this.worker = undefined;
    void current?.terminate();
  }

  private start(): Worker {
    const workerData = this.options.ascModule === undefined ? undefined : { ascModule: this.options.ascModule };
    const created = new Worker(this.options.workerFile ?? WORKER_FILE, { execArgv: [], workerData });
    created.on('message', (message: { id: number } & AscOutcome) => this.settle(message.id, message));
    const fail = (message: string): void => {
      if (this.worker === created) this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'crashed', message });
    };
    created.on('error', (error) => fail(error.message));
    created.on('exit', (code) => fail(`the compiler thread exited (code ${code})`));
    return created;
  }
}

export const defaultAscPool = new AscWorkerPool();
