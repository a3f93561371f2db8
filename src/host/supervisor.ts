import { availableParallelism } from 'node:os';
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { emptyCapture } from './_internals/call-capture.js';
import type { CoverageCollector } from './coverage-collector.js';
import { packCalls } from './_internals/packed-calls.js';
import { unpackResultChunk } from './_internals/result-chunk.js';
import { COMPILING, IDLE, readProgress, sharedNow } from './_internals/progress-slot.js';
import type { BatchCall, BatchMessage, ReleaseMessage, WorkerMessage } from './_internals/worker-protocol.js';
import { prestartWorkerThread, takeWorkerThread } from './_internals/worker-thread.js';
import { watchTask } from './_internals/watch-task.js';
import type { TaskOutcome } from './_internals/worker-task-protocol.js';
import {
  DEFAULT_MAX_HEAP_MB,
  DEFAULT_TIMEOUT_MS,
  type CallFailureKind,
  type CallRequest,
  type CallResult,
  type PluginSpec,
} from './plugin-spec.js';

const POLL_MS = 20;
// How long a worker may take to begin a batch it was sent (boot included): past
// it the worker counts as hung while starting, and the batch's calls end as crash.
const DEFAULT_START_DEADLINE_MS = 60_000;
const SPREAD_OVER_NEW_WORKERS = 256;

interface WorkerHandle {
  readonly worker: Worker;
  readonly results: MessagePort;
  readonly progress: SharedArrayBuffer;
  readonly epoch: number;
  readonly heapMb: number;
  dead: boolean;
  /** Set while a batch runs: how the batch learns of messages and of the thread's end. */
  onMessage: ((message: WorkerMessage) => void) | undefined;
  onLost: ((reason: LostReason) => void) | undefined;
  exited: Promise<void>;
  /** The batch in flight, for activeCalls(). */
  current: { readonly batch: number; readonly spec: PluginSpec; readonly calls: readonly CallRequest[] } | undefined;
}

/** One plugin instance kept alive on a reserved worker (see Supervisor.lease). */
export interface PluginLease {
  /** Runs calls in order on the lease's instance; never rejects for plugin misbehaviour. */
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

type LostReason =
  | { readonly kind: 'timeout'; readonly index: number; readonly elapsedMs: number; readonly timeoutMs: number }
  | { readonly kind: 'exit'; readonly index: number; readonly elapsedMs: number; readonly error: Error | undefined; readonly exitCode: number }
  | { readonly kind: 'aborted'; readonly index: number; readonly elapsedMs: number; readonly reason: string }
  | { readonly kind: 'start'; readonly index: number; readonly elapsedMs: number; readonly timeoutMs: number };

function failed(kind: CallFailureKind, message: string, elapsedMs = 0): CallResult {
  return { kind, message, elapsedMs, ...emptyCapture() };
}

function describeLoss(lost: LostReason, calls: readonly CallRequest[], heapMb: number): CallResult {
  switch (lost.kind) {
    case 'timeout':
      if (lost.index === COMPILING) return failed('crash', `compiling the module took longer than ${lost.timeoutMs} ms`, lost.elapsedMs);
      return failed('timeout', `${calls[lost.index]?.fn ?? 'call'} did not finish within ${lost.timeoutMs} ms (stopped after ${Math.round(lost.elapsedMs)} ms)`, lost.elapsedMs);
    case 'exit': {
      const code = (lost.error as { code?: string } | undefined)?.code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return failed('memory-limit', `the worker ran out of its ${heapMb} MiB heap (PluginSpec.maxHeapMb): ${lost.error?.message ?? ''}`.trim(), lost.elapsedMs);
      }
      return failed('crash', `the worker thread ended (exit code ${lost.exitCode})${lost.error === undefined ? '' : `: ${lost.error.message}`}`, lost.elapsedMs);
    }
    case 'aborted':
      return failed('crash', `aborted: ${lost.reason}`, lost.elapsedMs);
    case 'start':
      return failed('crash', `the worker thread did not start the batch within ${lost.timeoutMs} ms`, lost.elapsedMs);
  }
}

/**
 * Runs plugin calls in kegcheck-owned worker threads, one plugin batch per
 * worker at a time, with @extism/extism in-process inside each worker. The
 * parent holds every call's deadline: a call past it has its worker
 * terminated and is reported as `timeout`, and a fresh worker takes the next
 * call. Plugin misbehaviour never rejects; it becomes a CallResult.
 */
export class Supervisor {
  readonly #max: number;
  readonly #startDeadlineMs: number;
  readonly #idle: WorkerHandle[] = [];
  readonly #live = new Set<WorkerHandle>();
  readonly #waiters: Array<() => void> = [];
  #batchIds = 0;
  #stopped: string | undefined;
  readonly #coverage: CoverageCollector | undefined;

  /**
   * Starts one worker thread now, before any Supervisor needs it, so its
   * boot overlaps the caller's own start-up (a CLI parsing suites and
   * loading kegs); the first Supervisor that needs a worker with this heap
   * cap takes it. It never keeps the process alive, and stops by itself if
   * no Supervisor takes it within a few seconds.
   */
  static prestart(maxHeapMb: number = DEFAULT_MAX_HEAP_MB): void {
    prestartWorkerThread(maxHeapMb);
  }

  /**
   * `coverage`: run the plugins it tracks instrumented, counting into it.
   * `startDeadlineMs`: how long a worker may take to begin a batch (default 60 s); past it the batch's calls end as crash.
   */
  constructor(options: { workers?: number; coverage?: CoverageCollector; startDeadlineMs?: number } = {}) {
    this.#max = Math.max(1, options.workers ?? availableParallelism());
    this.#coverage = options.coverage;
    this.#startDeadlineMs = options.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS;
  }

  /**
   * Runs calls in order against one plugin, batched to a worker; never rejects for plugin misbehaviour.
   * Independent calls (each `fresh`) may be spread over several workers; a stateful sequence stays on one.
   */
  async run(spec: PluginSpec, calls: readonly CallRequest[]): Promise<CallResult[]> {
    const results: Array<CallResult | undefined> = new Array<CallResult | undefined>(calls.length).fill(undefined);
    const heapMb = spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    await this.#coverage?.prepare(spec);
    await Promise.all(this.#segments(calls, heapMb).map(([lo, hi]) => this.#runRange(spec, calls, lo, hi, results)));
    return results as CallResult[];
  }

  /**
   * Reserves one worker for one plugin whose instance lives across run()s:
   * the first call instantiates it (and runs `plugin_init`), later calls
   * continue it unless they say `fresh: true`. A timeout or crash loses the
   * instance; the next call then starts a new one. Close the lease to give
   * the worker back: while as many leases are open as there are workers,
   * run() waits for one to close.
   */
  lease(spec: PluginSpec): PluginLease {
    let handle: WorkerHandle | undefined;
    let resume = false;
    let queue: Promise<unknown> = Promise.resolve();
    const heapMb = spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    const runNow = async (calls: readonly CallRequest[]): Promise<CallResult[]> => {
      const results: Array<CallResult | undefined> = new Array<CallResult | undefined>(calls.length).fill(undefined);
      await this.#coverage?.prepare(spec);
      let cursor = 0;
      while (cursor < calls.length) {
        if (this.#stopped !== undefined) {
          for (let i = cursor; i < calls.length; i += 1) results[i] ??= failed('crash', `aborted: ${this.#stopped}`);
          break;
        }
        if (handle === undefined || handle.dead) {
          try {
            handle = await this.#acquire(heapMb);
          } catch (error) {
            const message = `cannot start a worker thread: ${error instanceof Error ? error.message : String(error)}`;
            for (let i = cursor; i < calls.length; i += 1) results[i] ??= failed('crash', message);
            break;
          }
          resume = false;
          if (handle === undefined) continue;
        }
        const lost = await this.#batch(handle, spec, calls, cursor, calls.length, cursor, results, (this.#batchIds += 1), { keep: true, resume });
        resume = true;
        if (lost !== undefined) {
          this.#spawnSpare(heapMb);
          const at = lost.index >= cursor && results[lost.index] === undefined ? lost.index : firstMissing(results, cursor);
          if (at < calls.length) results[at] = describeLoss(lost, calls, heapMb);
          // A worker that never began would not begin for the next call either.
          if (lost.kind === 'start') for (let i = at; i < calls.length; i += 1) results[i] ??= describeLoss(lost, calls, heapMb);
          // Finished before the loss but not yet sent: they ran, on an instance that is gone.
          for (let i = cursor; i < at; i += 1) results[i] ??= failed('crash', 'the result was lost with the worker');
          handle = undefined;
        }
        cursor = firstMissing(results, cursor);
      }
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
        const held = handle;
        handle = undefined;
        if (held === undefined || held.dead) return;
        const release: ReleaseMessage = { type: 'release' };
        held.worker.postMessage(release);
        this.#release(held);
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
      handle = await this.#acquire(heapMb);
    } catch (error) {
      return { ok: false, kind: 'lost', message: `cannot start a worker thread: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (handle === undefined) return { ok: false, kind: 'lost', message: `aborted: ${this.#stopped ?? ''}` };
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
        drain: () => this.#drain(held),
        kill: () => this.#kill(held),
      },
      { type: 'task', batch: (this.#batchIds += 1), module, specs, payload },
      this.#startDeadlineMs,
    );
    this.#release(held);
    if (!outcome.ok && outcome.kind === 'lost') this.#spawnSpare(heapMb);
    return outcome;
  }

  /** Splits calls into contiguous ranges, one per worker worth using; never inside a stateful sequence. */
  #segments(calls: readonly CallRequest[], heapMb: number): Array<[number, number]> {
    // Starting a thread costs far more than a short run: spread only over idle
    // workers, or over new ones when the run is long enough to pay for them.
    const idle = this.#idle.filter((h) => h.heapMb === heapMb).length;
    const parts = Math.min(calls.length, calls.length >= SPREAD_OVER_NEW_WORKERS ? this.#max : Math.max(1, idle));
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

  /** Runs calls[lo, hi) on one worker at a time, moving to a fresh worker after a timeout or crash. */
  async #runRange(spec: PluginSpec, calls: readonly CallRequest[], lo: number, hi: number, results: Array<CallResult | undefined>): Promise<void> {
    let cursor = lo;
    for (;;) {
      while (cursor < hi && results[cursor] !== undefined) cursor += 1;
      if (cursor >= hi) return;
      if (this.#stopped !== undefined) {
        for (let i = cursor; i < hi; i += 1) results[i] ??= failed('crash', `aborted: ${this.#stopped}`);
        return;
      }
      let end = cursor;
      while (end < hi && results[end] === undefined) end += 1;
      // A stateful step is replayed from the start of its chain on a new worker.
      let start = cursor;
      while (start > lo && calls[start]?.fresh === false) start -= 1;
      let handle: WorkerHandle | undefined;
      try {
        handle = await this.#acquire(spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB);
      } catch (error) {
        // new Worker() itself refused (e.g. impossible resource limits): nothing in this range can run.
        const message = `cannot start a worker thread: ${error instanceof Error ? error.message : String(error)}`;
        for (let i = cursor; i < hi; i += 1) results[i] ??= failed('crash', message);
        return;
      }
      if (handle === undefined) continue;
      const lost = await this.#batch(handle, spec, calls, start, end, cursor, results, (this.#batchIds += 1));
      this.#release(handle);
      if (lost === undefined) continue;
      this.#spawnSpare(handle.heapMb);
      const at = lost.index >= cursor && lost.index < end && results[lost.index] === undefined ? lost.index : firstMissing(results, cursor);
      if (at >= hi) continue;
      const loss = describeLoss(lost, calls, handle.heapMb);
      results[at] = loss;
      if ((lost.kind === 'timeout' && lost.index === COMPILING) || lost.kind === 'start') {
        // The module would only fail to compile again.
        for (let i = at + 1; i < hi; i += 1) results[i] ??= loss;
        return;
      }
      for (let i = at + 1; i < hi && calls[i]?.fresh === false; i += 1) {
        results[i] ??= failed('crash', `not run: the instance of this stateful sequence was lost when call ${at} (${calls[at]?.fn ?? ''}) ended with ${loss.kind}`);
      }
    }
  }

  #batch(
    handle: WorkerHandle,
    spec: PluginSpec,
    calls: readonly CallRequest[],
    start: number,
    end: number,
    reportFrom: number,
    results: Array<CallResult | undefined>,
    batch: number,
    lease: { readonly keep: boolean; readonly resume: boolean } = { keep: false, resume: false },
  ): Promise<LostReason | undefined> {
    const batchCalls: BatchCall[] = [];
    let minTimeout = Number.POSITIVE_INFINITY;
    for (let i = start; i < end; i += 1) {
      const call = calls[i] as CallRequest;
      const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      minTimeout = Math.min(minTimeout, timeoutMs);
      batchCalls.push({
        index: i,
        fn: call.fn,
        input: call.input,
        timeoutMs,
        // In a lease calls continue the kept instance unless they ask for a fresh one.
        fresh: lease.keep ? (i === start && !lease.resume) || call.fresh === true : i === start || call.fresh !== false,
        ...(call.config === undefined ? {} : { config: call.config }),
      });
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (lost: LostReason | undefined): void => {
        clearTimeout(timer);
        handle.current = undefined;
        handle.onMessage = undefined;
        handle.onLost = undefined;
        resolve(lost);
      };
      handle.onMessage = (message) => {
        if (message.batch !== batch) return;
        if (message.type === 'results') {
          unpackResultChunk(message, (index, result) => {
            results[index] = result;
            if (spec.echo === true) echo(spec, result);
          });
          if (message.done) settle(undefined);
        } else if (message.type === 'done') {
          settle(undefined);
        } else {
          this.#kill(handle);
          settle({ kind: 'exit', index: readProgress(handle.progress).index, elapsedMs: 0, error: new Error(message.message), exitCode: 0 });
        }
      };
      handle.onLost = settle;
      const check = (): void => {
        const progress = readProgress(handle.progress);
        const now = sharedNow();
        if (progress.batch === batch && progress.index !== IDLE) {
          const started = handle.epoch + progress.startedMs;
          const deadline = started + progress.timeoutMs;
          if (now >= deadline) {
            this.#drain(handle);
            if (handle.onLost === undefined) return;
            this.#kill(handle);
            settle({ kind: 'timeout', index: progress.index, elapsedMs: now - started, timeoutMs: progress.timeoutMs });
            return;
          }
          // A later call may have a shorter deadline than this one: never sleep past the shortest.
          timer = setTimeout(check, Math.max(1, Math.min(deadline - now, minTimeout)));
        } else if (progress.batch !== batch && now - posted >= this.#startDeadlineMs) {
          // Never began: hung while starting (or still booting past any reason).
          this.#kill(handle);
          settle({ kind: 'start', index: start, elapsedMs: now - posted, timeoutMs: this.#startDeadlineMs });
        } else {
          timer = setTimeout(check, Math.min(POLL_MS, Math.max(1, posted + this.#startDeadlineMs - now)));
        }
      };
      const posted = sharedNow();
      timer = setTimeout(check, Math.min(POLL_MS, this.#startDeadlineMs));
      handle.worker.ref();
      handle.current = { batch, spec, calls };
      const packed = packCalls(batchCalls);
      const coverage = this.#coverage?.handleFor(spec);
      const message: BatchMessage = { type: 'batch', batch, spec, calls: packed, reportFrom, ...lease, ...(coverage === undefined ? {} : { coverage }) };
      handle.worker.postMessage(message, [packed.inputs]);
    });
  }

  async #acquire(heapMb: number): Promise<WorkerHandle | undefined> {
    for (;;) {
      if (this.#stopped !== undefined) return undefined;
      const index = this.#idle.findIndex((h) => h.heapMb === heapMb);
      if (index >= 0) return this.#idle.splice(index, 1)[0];
      if (this.#live.size < this.#max) return this.#spawn(heapMb);
      const other = this.#idle.shift();
      if (other !== undefined) {
        this.#kill(other);
        return this.#spawn(heapMb);
      }
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  #release(handle: WorkerHandle): void {
    if (!handle.dead) {
      if (this.#stopped !== undefined) {
        this.#kill(handle);
      } else {
        handle.worker.unref();
        this.#idle.push(handle);
      }
    }
    this.#waiters.shift()?.();
  }

  /** Starts a replacement for a worker that was stopped, so the next call does not wait for a thread to boot. */
  #spawnSpare(heapMb: number): void {
    if (this.#stopped !== undefined || this.#live.size >= this.#max) return;
    const spare = this.#spawn(heapMb);
    spare.worker.unref();
    this.#idle.push(spare);
  }

  #spawn(heapMb: number): WorkerHandle {
    const { worker, results, progress, epoch } = takeWorkerThread(heapMb);
    let lastError: Error | undefined;
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
      exited: new Promise((resolve) => worker.once('exit', () => resolve())),
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
        this.#drain(handle);
        const progress = readProgress(handle.progress);
        handle.onLost?.({ kind: 'exit', index: progress.index, elapsedMs: sharedNow() - (epoch + progress.startedMs), error: lastError, exitCode });
      }
      results.close();
    });
    this.#live.add(handle);
    return handle;
  }

  /** Delivers, synchronously, results the worker posted that the event loop has not yet. */
  #drain(handle: WorkerHandle): void {
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

  #kill(handle: WorkerHandle): void {
    if (handle.dead) return;
    this.#forget(handle);
    void handle.worker.terminate().catch(() => undefined);
  }

  /** The calls running at this moment, one per busy worker (for progress displays and tests). */
  activeCalls(): ActiveCall[] {
    const active: ActiveCall[] = [];
    const now = sharedNow();
    for (const handle of this.#live) {
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
    return this.#live.size;
  }

  /**
   * Stops everything now (e.g. on SIGINT): running calls end as `crash`
   * ("aborted: <reason>"), calls not yet run likewise, and every run()
   * resolves with the results it has. Later runs resolve the same way.
   */
  abort(reason = 'interrupted'): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    for (const handle of [...this.#live]) {
      const progress = readProgress(handle.progress);
      this.#kill(handle);
      this.#drain(handle);
      handle.onLost?.({ kind: 'aborted', index: progress.index, elapsedMs: sharedNow() - (handle.epoch + progress.startedMs), reason });
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Terminates every worker and resolves once all threads have exited. */
  async close(): Promise<void> {
    const handles = [...this.#live];
    const exits = handles.map((h) => h.exited);
    this.abort('supervisor closed');
    await Promise.all(exits);
  }
}

function firstMissing(results: ReadonlyArray<CallResult | undefined>, from: number): number {
  let i = from;
  while (i < results.length && results[i] !== undefined) i += 1;
  return i;
}

function echo(spec: PluginSpec, capture: { prints: string[]; logs: Array<{ level: string; text: string }> }): void {
  const name = spec.pluginDir.split(/[/\\]/).pop() ?? 'plugin';
  for (const line of capture.prints) process.stderr.write(`[${name}] ${line}\n`);
  for (const log of capture.logs) process.stderr.write(`[${name}] ${log.level}: ${log.text}\n`);
}
