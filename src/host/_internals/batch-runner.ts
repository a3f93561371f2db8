import { KegcheckError } from '../../kegcheck-error.js';
import type { CoverageCollector } from '../coverage-collector.js';
import type { PluginEcho } from '../plugin-echo.js';
import { DEFAULT_MAX_HEAP_MB, type CallRequest, type CallResult, type PluginSpec } from '../plugin-spec.js';
import { watchAbort } from './abort-fanout.js';
import { packCalls } from './packed-calls.js';
import { COMPILING, readProgress, sharedNow } from './progress-slot.js';
import { unpackResultChunk } from './result-chunk.js';
import { watchProgress } from './watch-progress.js';
import { describeLoss, failedCall, type LostReason } from './worker-loss.js';
import type { WorkerHandle, WorkerPool } from './worker-pool.js';
import type { BatchMessage } from './worker-protocol.js';

/** A lease's hold on one worker and its instance, carried across runRange calls. */
export interface LeaseHold {
  handle: WorkerHandle | undefined;
}

export interface BatchRunnerOptions {
  /** How long a worker may take to begin a batch it was sent (boot included). */
  readonly startDeadlineMs: number;
  readonly coverage: CoverageCollector | undefined;
  readonly onEcho: ((echo: PluginEcho) => void) | undefined;
}

/** What a run's own AbortSignal makes it reject with. */
export function abortedError(signal: AbortSignal | undefined): KegcheckError {
  const reason: unknown = signal?.reason;
  const why = reason instanceof Error ? reason.message : reason === undefined ? 'aborted' : String(reason);
  return new KegcheckError('aborted', `the run was aborted: ${why}`, { cause: reason });
}

/**
 * The batch protocol: sends calls to pool workers in batches, watches each
 * call's deadline through the worker's progress slot, and after a timeout or
 * crash carries on with the next call on a fresh worker. One loop serves
 * both Supervisor.run (a worker per batch, stateful chains replayed) and
 * leases (one kept worker whose instance lives across runs).
 */
export class BatchRunner {
  readonly #pool: WorkerPool;
  readonly #options: BatchRunnerOptions;
  #batchIds = 0;

  constructor(pool: WorkerPool, options: BatchRunnerOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  /**
   * Fills results[lo, hi) with the results of calls[lo, hi). Never rejects
   * for plugin misbehaviour or a stopped pool (those become results); rejects
   * with KegcheckError `aborted` when `signal` aborts, after the worker it
   * stopped has exited.
   */
  async runRange(
    spec: PluginSpec,
    calls: readonly CallRequest[],
    lo: number,
    hi: number,
    results: Array<CallResult | undefined>,
    signal: AbortSignal | undefined,
    lease?: LeaseHold,
  ): Promise<void> {
    const pool = this.#pool;
    const heapMb = spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
    let cursor = lo;
    for (;;) {
      while (cursor < hi && results[cursor] !== undefined) cursor += 1;
      if (cursor >= hi) return;
      if (pool.stopped !== undefined) {
        for (let i = cursor; i < hi; i += 1) results[i] ??= failedCall('crash', `aborted: ${pool.stopped}`);
        return;
      }
      if (isAborted(signal)) throw abortedError(signal);
      let end = cursor;
      while (end < hi && results[end] === undefined) end += 1;
      // Off a lease, a stateful step is replayed from the start of its chain on a new worker.
      let start = cursor;
      if (lease === undefined) while (start > lo && calls[start]?.fresh === false) start -= 1;
      let handle = lease?.handle;
      const resume = handle !== undefined && !handle.dead;
      if (!resume) {
        try {
          handle = await pool.acquire(heapMb, signal);
        } catch (error) {
          // new Worker() itself refused (e.g. impossible resource limits): nothing in this range can run.
          const message = `cannot start a worker thread: ${error instanceof Error ? error.message : String(error)}`;
          for (let i = cursor; i < hi; i += 1) results[i] ??= failedCall('crash', message);
          return;
        }
      }
      if (handle === undefined) continue;
      if (lease !== undefined) lease.handle = handle;
      if (isAborted(signal)) {
        // Aborted while a worker was being found: it goes back unused.
        if (lease === undefined) pool.release(handle);
        throw abortedError(signal);
      }
      const lost = await this.#batch(handle, spec, calls, start, end, cursor, results, signal, lease === undefined ? undefined : { resume });
      if (lease === undefined) pool.release(handle);
      if (isAborted(signal) && pool.stopped === undefined) {
        if (lease !== undefined) lease.handle = undefined;
        // The worker this abort stopped is gone (with its temp files) before the caller hears of it.
        if (handle.dead) await handle.exited;
        throw abortedError(signal);
      }
      if (lost === undefined) continue;
      pool.spawnSpare(heapMb);
      if (lease !== undefined) lease.handle = undefined;
      const at = lost.index >= cursor && lost.index < end && results[lost.index] === undefined ? lost.index : firstMissing(results, cursor);
      if (at >= hi) continue;
      const loss = describeLoss(lost, calls, heapMb);
      results[at] = loss;
      if (lease !== undefined) {
        // Finished before the loss but not yet sent: they ran, on an instance that is gone.
        for (let i = cursor; i < at; i += 1) results[i] ??= failedCall('crash', 'the result was lost with the worker');
      }
      if ((lost.kind === 'timeout' && lost.index === COMPILING) || lost.kind === 'start') {
        // The module would only fail to compile again; a worker that never began would not begin for the next call either.
        for (let i = at + 1; i < hi; i += 1) results[i] ??= loss;
        return;
      }
      if (lease !== undefined) continue;
      for (let i = at + 1; i < hi && calls[i]?.fresh === false; i += 1) {
        results[i] ??= failedCall('crash', `not run: the instance of this stateful sequence was lost when call ${at} (${calls[at]?.fn ?? ''}) ended with ${loss.kind}`);
      }
    }
  }

  /** Sends calls[start, end) to one worker and watches it until the batch ends or the worker is lost. */
  #batch(
    handle: WorkerHandle,
    spec: PluginSpec,
    calls: readonly CallRequest[],
    start: number,
    end: number,
    reportFrom: number,
    results: Array<CallResult | undefined>,
    signal: AbortSignal | undefined,
    lease: { readonly resume: boolean } | undefined,
  ): Promise<LostReason | undefined> {
    const pool = this.#pool;
    const startDeadlineMs = this.#options.startDeadlineMs;
    const keep = lease !== undefined;
    const resume = lease?.resume === true;
    const batch = (this.#batchIds += 1);
    // In a lease calls continue the kept instance unless they ask for a fresh one.
    const packed = packCalls(calls, start, end, keep ? (i) => (i === start && !resume) || calls[i]?.fresh === true : (i) => i === start || calls[i]?.fresh !== false);
    const minTimeout = packed.minTimeoutMs;
    const echo = spec.echo === true ? this.#options.onEcho : undefined;
    return new Promise((resolve) => {
      let unwatch: (() => void) | undefined;
      const settle = (lost: LostReason | undefined): void => {
        stopWatch();
        unwatch?.();
        handle.current = undefined;
        handle.onMessage = undefined;
        handle.onLost = undefined;
        resolve(lost);
      };
      const onAbort = (): void => {
        if (handle.onLost === undefined) return;
        const progress = readProgress(handle.progress);
        pool.kill(handle);
        settle({ kind: 'aborted', index: progress.index, elapsedMs: sharedNow() - (handle.epoch + progress.startedMs), reason: 'aborted' });
      };
      handle.onMessage = (message) => {
        if (message.batch !== batch) return;
        if (message.type === 'results') {
          unpackResultChunk(message, (index, result) => {
            results[index] = result;
            if (echo !== undefined) echoCapture(spec, result, echo);
          });
          if (message.done) settle(undefined);
        } else if (message.type === 'done') {
          settle(undefined);
        } else {
          pool.kill(handle);
          settle({ kind: 'exit', index: readProgress(handle.progress).index, elapsedMs: 0, error: new Error(message.message), exitCode: 0 });
        }
      };
      handle.onLost = settle;
      // Its callbacks run from timers, after this line: settle never meets stopWatch uninitialised.
      const stopWatch = watchProgress({
        progress: handle.progress,
        epoch: handle.epoch,
        batch,
        postedAt: sharedNow(),
        startDeadlineMs,
        // Every call's deadline is at least this far from its start: a look this often still sees each at its own.
        maxSleepMs: minTimeout,
        onDeadline: ({ index, elapsedMs, timeoutMs }) => {
          // Results the worker posted before it was stopped count; the batch may even have ended.
          pool.drain(handle);
          if (handle.onLost === undefined) return;
          pool.kill(handle);
          settle({ kind: 'timeout', index, elapsedMs, timeoutMs });
        },
        onNeverStarted: (elapsedMs) => {
          pool.kill(handle);
          settle({ kind: 'start', index: start, elapsedMs, timeoutMs: startDeadlineMs });
        },
      });
      if (signal !== undefined) unwatch = watchAbort(signal, onAbort);
      handle.worker.ref();
      handle.current = { batch, spec, calls };
      const coverage = this.#options.coverage?.handleFor(spec);
      const message: BatchMessage = { type: 'batch', batch, spec, calls: packed, reportFrom, keep, resume, ...(coverage === undefined ? {} : { coverage }) };
      handle.worker.postMessage(message, [packed.inputs]);
    });
  }
}

// A function, not an inline test: the signal may abort across any await, which narrowing cannot see.
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function firstMissing(results: ReadonlyArray<CallResult | undefined>, from: number): number {
  let i = from;
  while (i < results.length && results[i] !== undefined) i += 1;
  return i;
}

function echoCapture(spec: PluginSpec, capture: Pick<CallResult, 'prints' | 'logs'>, onEcho: (echo: PluginEcho) => void): void {
  const plugin = spec.pluginDir.split(/[/\\]/).pop() ?? 'plugin';
  for (const text of capture.prints) onEcho({ plugin, text });
  for (const log of capture.logs) onEcho({ plugin, level: log.level, text: log.text });
}
