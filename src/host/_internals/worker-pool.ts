import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { removeAllowedPathCopiesOfThread } from '../allowed-path-copies.js';
import type { CallRequest, PluginSpec } from '../plugin-spec.js';
import { watchAbort } from './abort-fanout.js';
import { readProgress, sharedNow } from './progress-slot.js';
import type { LostReason } from './worker-loss.js';
import type { WorkerMessage } from './worker-protocol.js';
import type { PreloadMessage } from './worker-task-protocol.js';
import { takeWorkerThread } from './worker-thread.js';

/** One worker thread of the pool and the batch it is running, if any. */
export interface WorkerHandle {
  readonly worker: Worker;
  readonly results: MessagePort;
  readonly progress: SharedArrayBuffer;
  readonly epoch: number;
  readonly heapMb: number;
  dead: boolean;
  /** Set while a batch runs: how the batch learns of messages and of the thread's end. */
  onMessage: ((message: WorkerMessage) => void) | undefined;
  onLost: ((reason: LostReason) => void) | undefined;
  /** Settles once the thread has exited and what it left behind is removed. */
  readonly exited: Promise<void>;
  /** The batch in flight, for activeCalls(). */
  current: { readonly batch: number; readonly spec: PluginSpec; readonly calls: readonly CallRequest[] } | undefined;
}

/**
 * The worker threads of one Supervisor: at most `max` live, idle ones kept
 * (unref'd, so they never hold the process open) for the next batch with
 * the same heap cap. It knows nothing of batches: it hands out, takes back,
 * replaces and stops threads.
 */
export class WorkerPool {
  readonly #max: number;
  readonly #idle: WorkerHandle[] = [];
  readonly #live = new Set<WorkerHandle>();
  readonly #waiters: Array<() => void> = [];
  #stopped: string | undefined;
  readonly #preloads: string[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  get max(): number {
    return this.#max;
  }

  /** Live threads, busy or idle. */
  get live(): ReadonlySet<WorkerHandle> {
    return this.#live;
  }

  /** Why the pool was stopped (stop()), or undefined while it runs. */
  get stopped(): string | undefined {
    return this.#stopped;
  }

  /** Threads one could have now without waiting: idle ones with this heap cap and room for new ones. */
  availableWith(heapMb: number): number {
    return this.idleWith(heapMb) + Math.max(0, this.#max - this.#live.size);
  }

  /** Has every live thread, and every thread started from now on, import `module` while it waits (see PreloadMessage). */
  preload(module: string): void {
    if (this.#preloads.includes(module)) return;
    this.#preloads.push(module);
    for (const handle of this.#live) this.#sendPreloads(handle, [module]);
  }

  #sendPreloads(handle: WorkerHandle, modules: readonly string[]): void {
    for (const module of modules) {
      const message: PreloadMessage = { type: 'preload', module };
      handle.worker.postMessage(message);
    }
  }

  idleWith(heapMb: number): number {
    let n = 0;
    for (const h of this.#idle) if (h.heapMb === heapMb) n += 1;
    return n;
  }

  /**
   * A thread for one batch: an idle one with this heap cap, a new one while
   * there is room, else (all busy) the next one released. Undefined once the
   * pool is stopped or `signal` aborts while waiting. Throws when a thread
   * cannot be started at all.
   */
  async acquire(heapMb: number, signal?: AbortSignal): Promise<WorkerHandle | undefined> {
    for (;;) {
      if (this.#stopped !== undefined || signal?.aborted === true) return undefined;
      const index = this.#idle.findIndex((h) => h.heapMb === heapMb);
      if (index >= 0) return this.#idle.splice(index, 1)[0];
      if (this.#live.size < this.#max) return this.#spawn(heapMb);
      const other = this.#idle.shift();
      if (other !== undefined) {
        this.kill(other);
        return this.#spawn(heapMb);
      }
      await this.#wait(signal);
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((wake) => {
      let unwatch: (() => void) | undefined;
      const waiter = (): void => {
        unwatch?.();
        wake();
      };
      if (signal !== undefined) {
        unwatch = watchAbort(signal, () => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          wake();
        });
      }
      this.#waiters.push(waiter);
    });
  }

  /** Takes a thread back after a batch (a dead one only frees its place). */
  release(handle: WorkerHandle): void {
    if (!handle.dead) {
      if (this.#stopped !== undefined) {
        this.kill(handle);
      } else {
        handle.worker.unref();
        this.#idle.push(handle);
      }
    }
    this.#waiters.shift()?.();
  }

  /** Starts idle threads with this heap cap until the pool is full, so work spread over them later does not wait for their boot. */
  fill(heapMb: number): void {
    while (this.#stopped === undefined && this.#live.size < this.#max) this.spawnSpare(heapMb);
  }

  /** Starts a replacement for a thread that was stopped, so the next batch does not wait for one to boot. */
  spawnSpare(heapMb: number): void {
    if (this.#stopped !== undefined || this.#live.size >= this.#max) return;
    const spare = this.#spawn(heapMb);
    spare.worker.unref();
    this.#idle.push(spare);
  }

  #spawn(heapMb: number): WorkerHandle {
    const { worker, results, progress, epoch } = takeWorkerThread(heapMb);
    const threadId = worker.threadId;
    let lastError: Error | undefined;
    let exited!: () => void;
    const handle: WorkerHandle = {
      worker,
      results,
      progress,
      epoch,
      heapMb,
      dead: false,
      onMessage: undefined,
      onLost: undefined,
      current: undefined,
      exited: new Promise((resolve) => (exited = resolve)),
    };
    results.on('message', (message: WorkerMessage) => handle.onMessage?.(message));
    // The worker's own ref keeps the process alive while a batch runs; the port never should
    // (and listening refs it, so this comes after).
    results.unref();
    worker.on('error', (error) => {
      lastError = error;
    });
    worker.once('exit', (exitCode) => {
      const wasDead = handle.dead;
      this.#forget(handle);
      if (!wasDead) {
        this.drain(handle);
        const progress = readProgress(handle.progress);
        handle.onLost?.({ kind: 'exit', index: progress.index, elapsedMs: sharedNow() - (epoch + progress.startedMs), error: lastError, exitCode });
      }
      results.close();
      // A thread stopped mid-call could not remove its allowed_paths copies.
      if (wasDead) removeAllowedPathCopiesOfThread(threadId);
      exited();
    });
    this.#live.add(handle);
    this.#sendPreloads(handle, this.#preloads);
    return handle;
  }

  /** Delivers, synchronously, results the worker posted that the event loop has not yet. */
  drain(handle: WorkerHandle): void {
    for (;;) {
      const received = receiveMessageOnPort(handle.results);
      if (received === undefined) return;
      handle.onMessage?.(received.message as WorkerMessage);
    }
  }

  #forget(handle: WorkerHandle): void {
    handle.dead = true;
    this.#live.delete(handle);
    const at = this.#idle.indexOf(handle);
    if (at >= 0) this.#idle.splice(at, 1);
  }

  /** Terminates a thread now; its place frees at once, `handle.exited` settles when it is gone. */
  kill(handle: WorkerHandle): void {
    if (handle.dead) return;
    this.#forget(handle);
    void handle.worker.terminate().catch(() => undefined);
  }

  /**
   * Stops every thread now; each batch in flight learns it as `aborted`, and
   * from then on acquire() hands out nothing.
   */
  stop(reason: string): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    for (const handle of [...this.#live]) {
      const progress = readProgress(handle.progress);
      this.kill(handle);
      this.drain(handle);
      handle.onLost?.({ kind: 'aborted', index: progress.index, elapsedMs: sharedNow() - (handle.epoch + progress.startedMs), reason });
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
