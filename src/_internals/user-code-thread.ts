import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { UserCodeReply, UserCodeRequest } from './user-code-protocol.js';

// Run from the TypeScript sources (tests, tsx in the repo) the thread registers
// tsx's loader first; compiled (dist/), it runs the emitted .js as it is.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './user-code-worker.ts' : './user-code-worker.js', import.meta.url);
// Booting the thread (and tsx, from sources) is kegcheck's cost, not the module's: it has its own, generous cap.
const BOOT_DEADLINE_MS = 60_000;

function workerEntry(): { entry: URL | string; eval: boolean } {
  if (!FROM_SOURCES) return { entry: ENTRY, eval: false };
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return { entry: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY.href)}); });`, eval: true };
}

/** What one request to user code came to. `label` names the module in messages, e.g. "oracle oracles/sum.mjs". */
export type UserCodeOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly kind: 'timeout' | 'threw'; readonly message: string };

type Body = UserCodeRequest extends infer R ? (R extends UserCodeRequest ? Omit<R, 'id'> : never) : never;

interface Live {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  pending: { readonly id: number; readonly settle: (reply: UserCodeReply | { lost: string }) => void } | undefined;
}

/**
 * A worker thread that runs the modules a suite names (oracles, models), one
 * request at a time, each under a deadline: a request past it terminates the
 * thread (a synchronous loop included) and ends as `timeout`; the next request
 * starts a new thread, which imports its modules again. The thread never keeps
 * the process alive; close() ends it.
 */
export class UserCodeThread {
  #live: Live | undefined;
  #ids = 0;
  #queue: Promise<unknown> = Promise.resolve();

  /** Runs one request (serialised after any in flight). Never rejects. */
  request(body: Body, label: string, deadlineMs: number): Promise<UserCodeOutcome> {
    const next = this.#queue.then(() => this.#send(body, label, deadlineMs));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.#queue;
    const live = this.#live;
    this.#live = undefined;
    await live?.worker.terminate();
  }

  #start(): Live {
    const { entry, eval: isEval } = workerEntry();
    const worker = new Worker(entry, { eval: isEval });
    worker.unref();
    let booted: () => void = () => undefined;
    let failedBoot: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      booted = resolve;
      failedBoot = reject;
    });
    const live: Live = { worker, ready, pending: undefined };
    worker.on('message', (reply: UserCodeReply) => {
      if (reply.id === 0) booted();
      else if (live.pending?.id === reply.id) live.pending.settle(reply);
    });
    const lost = (why: string): void => {
      failedBoot(new Error(why));
      live.pending?.settle({ lost: why });
      if (this.#live === live) this.#live = undefined;
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`the user-code thread ended (exit code ${code})`));
    return live;
  }

  async #send(body: Body, label: string, deadlineMs: number): Promise<UserCodeOutcome> {
    const live = (this.#live ??= this.#start());
    // Held while the request is in flight (boot included), so the process waits for the answer.
    live.worker.ref();
    try {
      return await this.#sendOn(live, body, label, deadlineMs);
    } finally {
      live.worker.unref();
    }
  }

  async #sendOn(live: Live, body: Body, label: string, deadlineMs: number): Promise<UserCodeOutcome> {
    try {
      await withDeadline(live.ready, BOOT_DEADLINE_MS);
    } catch (error) {
      this.#stop(live);
      return { ok: false, kind: 'threw', message: `cannot start the thread for ${label}: ${error instanceof Error ? error.message : String(error)}` };
    }
    const id = (this.#ids += 1);
    const reply = await new Promise<UserCodeReply | { lost: string } | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), deadlineMs);
      live.pending = {
        id,
        settle: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      live.worker.postMessage({ ...body, id } as UserCodeRequest);
    });
    live.pending = undefined;
    if (reply === 'timeout') {
      this.#stop(live);
      return { ok: false, kind: 'timeout', message: `${label} did not return within ${deadlineMs} ms` };
    }
    if ('lost' in reply) return { ok: false, kind: 'threw', message: `${label} ended its thread: ${reply.lost}` };
    if (!reply.ok) return { ok: false, kind: 'threw', message: `${label} threw: ${reply.message}` };
    return { ok: true, value: reply.value };
  }

  #stop(live: Live): void {
    if (this.#live === live) this.#live = undefined;
    void live.worker.terminate().catch(() => undefined);
  }
}

function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`it did not start within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
