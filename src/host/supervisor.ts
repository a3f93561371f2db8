import { availableParallelism } from 'node:os';
import type { CoverageCollector } from './coverage-collector.js';
import { watchAbort } from './_internals/abort-fanout.js';
import { BatchRunner, type LeaseHold } from './_internals/batch-runner.js';
import { readProgress, sharedNow } from './_internals/progress-slot.js';
import { WorkerPool } from './_internals/worker-pool.js';
import type { ReleaseMessage } from './_internals/worker-protocol.js';
import type { PluginEcho } from './plugin-echo.js';
import { prestartWorkers } from './prestart-workers.js';
import { DEFAULT_MAX_HEAP_MB, type CallRequest, type CallResult, type PluginSpec } from './plugin-spec.js';
import { watchTask } from './_internals/watch-task.js';
import type { TaskOutcome } from './_internals/worker-task-protocol.js';
import { describeLoss } from './_internals/worker-loss.js';
import type { WorkerHandle } from './_internals/worker-pool.js';

// How long a worker may take to begin a batch it was sent (boot included): past
// it the worker counts as hung while starting, and the batch's calls end as crash.
const DEFAULT_START_DEADLINE_MS = 60_000;
const SPREAD_OVER_NEW_WORKERS = 256;

/** Codes of the KegcheckErrors Supervisor.run and leases reject with (plugin misbehaviour never rejects). */
export type SupervisorErrorCode = 'aborted';

export interface SupervisorOptions {
  /** Worker threads at most (default: one per core). */
  readonly workers?: number;
  /** Run the plugins it tracks instrumented, counting into it. */
  readonly coverage?: CoverageCollector;
  /** How long a worker may take to begin a batch (default 60 s); past it the batch's calls end as crash. */
  readonly startDeadlineMs?: number;
  /** Receives what plugins whose spec says `echo: true` print and log (the Supervisor writes nowhere itself). */
  readonly onEcho?: (echo: PluginEcho) => void;
}

/** Per-run options of Supervisor.run and Supervisor.lease. */
export interface RunOptions {
  /**
   * Aborting stops the worker running this run's calls at once and makes
   * the run reject with KegcheckError `aborted` once that worker has exited.
   */
  readonly signal?: AbortSignal;
}

/** One plugin instance kept alive on a reserved worker (see Supervisor.lease). */
export interface PluginLease {
  /** Runs calls in order on the lease's instance; never rejects for plugin misbehaviour (only `aborted`). */
  run(calls: readonly CallRequest[]): Promise<CallResult[]>;
  /** Drops the instance and gives the worker back to the supervisor. */
  close(): Promise<void>;
}

/** A call a worker is executing right now. */
export interface ActiveCall {
  readonly wasmPath: string;
  /** Index into the `calls` given to run(). */
  readonly index: number;
  readonly fn: string;
  readonly runningMs: number;
}

/**
 * Runs plugin calls in kegcheck-owned worker threads, one plugin batch per
 * worker at a time, with @extism/extism in-process inside each worker. The
 * parent holds every call's deadline: a call past it has its worker
 * terminated and is reported as `timeout`, and a fresh worker takes the next
 * call. Plugin misbehaviour never rejects; it becomes a CallResult.
 */
export class Supervisor {
  readonly #pool: WorkerPool;
  readonly #runner: BatchRunner;
  readonly #coverage: CoverageCollector | undefined;
  readonly #startDeadlineMs: number;
  // Worker tasks count down from -1, so their progress never matches a batch's (the batch runner counts up).
  #taskIds = 0;

  /**
   * Starts one worker thread now, before any Supervisor needs it, so its
   * boot overlaps the caller's own start-up (a CLI parsing suites and
   * loading kegs); the first Supervisor that needs a worker with this heap
   * cap takes it. It never keeps the process alive, and stops by itself if
   * no Supervisor takes it within a few seconds.
   */
  static prestart(maxHeapMb: number = DEFAULT_MAX_HEAP_MB): void {
    prestartWorkers(1, maxHeapMb);
  }

  constructor(options: SupervisorOptions = {}) {
    this.#pool = new WorkerPool(Math.max(1, options.workers ?? availableParallelism()));
    this.#coverage = options.coverage;
    this.#startDeadlineMs = options.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS;
    this.#runner = new BatchRunner(this.#pool, {
      startDeadlineMs: options.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS,
      coverage: options.coverage,
      onEcho: options.onEcho,
    });
  }

  /**
   * Runs calls in order against one plugin, batched to a worker; never rejects for plugin misbehaviour.
   * Independent calls (each `fresh`) may be spread over several workers; a stateful sequence stays on one.
   * Rejects with KegcheckError `aborted` when `options.signal` aborts.
   */
  async run(spec: PluginSpec, calls: readonly CallRequest[], options: RunOptions = {}): Promise<CallResult[]> {
    const { signal } = options;
    const results: Array<CallResult | undefined> = new Array<CallResult | undefined>(calls.length).fill(undefined);
    await this.#coverage?.prepare(spec);
    const ranges = this.#segments(calls, spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB);
    // Every range ends (its worker stopped and gone) before an abort is reported.
    const settled = await Promise.allSettled(ranges.map(([lo, hi]) => this.#runner.runRange(spec, calls, lo, hi, results, signal)));
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    return results as CallResult[];
  }

  /**
   * Reserves one worker for one plugin whose instance lives across run()s:
   * the first call instantiates it (and runs `plugin_init`), later calls
   * continue it unless they say `fresh: true`. A timeout or crash loses the
   * instance; the next call then starts a new one. Close the lease to give
   * the worker back: while as many leases are open as there are workers,
   * run() waits for one to close. Aborting `options.signal` stops the
   * lease's worker; its runs then reject with KegcheckError `aborted`.
   */
  lease(spec: PluginSpec, options: RunOptions = {}): PluginLease {
    const { signal } = options;
    const hold: LeaseHold = { handle: undefined };
    let queue: Promise<unknown> = Promise.resolve();
    // An idle lease holds a worker too: an abort between runs stops it as well.
    const onAbort = (): void => {
      const held = hold.handle;
      hold.handle = undefined;
      if (held !== undefined) this.#pool.kill(held);
    };
    const unwatch = signal === undefined ? undefined : watchAbort(signal, onAbort);
    const runNow = async (calls: readonly CallRequest[]): Promise<CallResult[]> => {
      const results: Array<CallResult | undefined> = new Array<CallResult | undefined>(calls.length).fill(undefined);
      await this.#coverage?.prepare(spec);
      await this.#runner.runRange(spec, calls, 0, calls.length, results, signal, hold);
      return results as CallResult[];
    };
    return {
      run: (calls) => {
        // One batch at a time: the lease has one instance.
        const next = queue.then(() => runNow(calls));
        queue = next.catch(() => undefined);
        return next;
      },
      close: async () => {
        await queue;
        unwatch?.();
        const held = hold.handle;
        hold.handle = undefined;
        if (held === undefined || held.dead) {
          if (held !== undefined) await held.exited;
          return;
        }
        const release: ReleaseMessage = { type: 'release' };
        held.worker.postMessage(release);
        this.#pool.release(held);
      },
    };
  }

  /**
   * Runs a worker task (see _internals/worker-task-protocol.ts): `module` is
   * imported on one worker and given `payload` and the plugins `specs`, which
   * it calls there under their deadlines. Resolves with what the module
   * returned; never rejects (a lost worker, a module that threw, or a
   * supervisor that runs instrumented plugins, which tasks do not, say so).
   */
  async task(module: string, specs: readonly PluginSpec[], payload: unknown): Promise<TaskOutcome> {
    if (this.#coverage !== undefined) return { ok: false, kind: 'unsupported', message: 'worker tasks do not run instrumented plugins (--coverage)' };
    const heapMb = specs[0]?.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    let handle: WorkerHandle | undefined;
    try {
      handle = await this.#pool.acquire(heapMb);
    } catch (error) {
      return { ok: false, kind: 'lost', message: `cannot start a worker thread: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (handle === undefined) return { ok: false, kind: 'lost', message: `aborted: ${this.#pool.stopped ?? ''}` };
    const held = handle;
    const outcome = await watchTask(
      {
        worker: held.worker,
        progress: held.progress,
        epoch: held.epoch,
        listen: (onMessage, onLost) => {
          held.onMessage = onMessage;
          held.onLost = (lost) => {
            const loss = describeLoss(lost, [], heapMb);
            onLost(loss.kind === 'ok' ? 'the worker was lost' : loss.message);
          };
        },
        unlisten: () => {
          held.onMessage = undefined;
          held.onLost = undefined;
        },
        drain: () => this.#pool.drain(held),
        kill: () => this.#pool.kill(held),
      },
      { type: 'task', batch: (this.#taskIds -= 1), module, specs, payload },
      this.#startDeadlineMs,
    );
    this.#pool.release(held);
    if (!outcome.ok && outcome.kind === 'lost') this.#pool.spawnSpare(heapMb);
    return outcome;
  }

  /**
   * Has the workers import a task module (see task()) while they wait: those
   * running now, and those started later. A task naming it then does not pay
   * the import; nothing else changes (a module that fails to import fails the
   * task that names it, as before).
   */
  preloadTask(module: string): void {
    // Tasks do not run under --coverage (see task()).
    if (this.#coverage === undefined) this.#pool.preload(module);
  }

  /**
   * Starts workers now, up to the supervisor's number, that wait idle (never
   * holding the process open) for work spread over them later, such as a long
   * property's shares, so that work does not wait for their boot.
   */
  startWorkers(maxHeapMb: number = DEFAULT_MAX_HEAP_MB): void {
    this.#pool.fill(maxHeapMb);
  }

  /** Workers a task with this heap cap could have now without waiting: idle ones and room for new ones. */
  availableWorkers(maxHeapMb: number = DEFAULT_MAX_HEAP_MB): number {
    return this.#pool.availableWith(maxHeapMb);
  }

  /** Splits calls into contiguous ranges, one per worker worth using; never inside a stateful sequence. */
  #segments(calls: readonly CallRequest[], heapMb: number): Array<[number, number]> {
    // Starting a thread costs far more than a short run: spread only over idle
    // workers, or over new ones when the run is long enough to pay for them.
    const idle = this.#pool.idleWith(heapMb);
    const parts = Math.min(calls.length, calls.length >= SPREAD_OVER_NEW_WORKERS ? this.#pool.max : Math.max(1, idle));
    if (parts <= 1) return [[0, calls.length]];
    const target = Math.ceil(calls.length / parts);
    const out: Array<[number, number]> = [];
    let lo = 0;
    while (lo < calls.length) {
      let hi = Math.min(calls.length, lo + target);
      while (hi < calls.length && calls[hi]?.fresh === false) hi += 1;
      out.push([lo, hi]);
      lo = hi;
    }
    return out;
  }

  /** The calls running at this moment, one per busy worker (for progress displays and tests). */
  activeCalls(): ActiveCall[] {
    const active: ActiveCall[] = [];
    const now = sharedNow();
    for (const handle of this.#pool.live) {
      const current = handle.current;
      if (current === undefined) continue;
      const progress = readProgress(handle.progress);
      if (progress.batch !== current.batch || progress.index < 0) continue;
      const call = current.calls[progress.index];
      if (call === undefined) continue;
      active.push({ wasmPath: current.spec.wasmPath, index: progress.index, fn: call.fn, runningMs: now - (handle.epoch + progress.startedMs) });
    }
    return active;
  }

  /** Live worker threads (busy or idle); 0 after close(). */
  get liveWorkers(): number {
    return this.#pool.live.size;
  }

  /**
   * Stops everything now: running calls end as `crash` ("aborted: <reason>"),
   * calls not yet run likewise, and every run() resolves with the results it
   * has (a run's own signal rejects it instead). Later runs resolve the same way.
   */
  abort(reason = 'interrupted'): void {
    this.#pool.stop(reason);
  }

  /** Terminates every worker and resolves once all threads have exited. */
  async close(): Promise<void> {
    const exits = [...this.#pool.live].map((h) => h.exited);
    this.abort('supervisor closed');
    await Promise.all(exits);
  }
}
