import type { MessagePort } from 'node:worker_threads';
import type { CallOutcome, PluginSpec } from '../plugin-spec.js';
import type { CallCapture } from './call-capture.js';
import type { CoverageHandle } from './coverage/coverage-handle.js';
import type { PackedCalls } from './packed-calls.js';

/** Data every worker starts with. */
export interface WorkerStart {
  readonly progress: SharedArrayBuffer;
  /** The shared-clock origin of the progress slot's timestamps. */
  readonly epoch: number;
  /**
   * Where results go. A port of its own (rather than parentPort) lets the
   * parent drain, synchronously, what a worker sent just before it was
   * stopped.
   */
  readonly results: MessagePort;
}

export type { BatchCall } from './packed-calls.js';

/** Parent → worker. Results for indices below `reportFrom` are replays for state and are not sent back. */
export interface BatchMessage {
  readonly type: 'batch';
  readonly batch: number;
  readonly spec: PluginSpec;
  readonly calls: PackedCalls;
  readonly reportFrom: number;
  /** Keep the session (and its instance) after the batch, for a lease. */
  readonly keep: boolean;
  /** Run on the session kept by the previous batch instead of opening one. */
  readonly resume: boolean;
  /** Run the instrumented module of `--coverage` instead of spec.wasmPath's. */
  readonly coverage?: CoverageHandle;
}

/** Parent → worker: close the kept session (the lease is over). */
export interface ReleaseMessage {
  readonly type: 'release';
}

/** The part of a result that is not the common "ok, nothing captured". */
export interface ResultDetail {
  /** Position within the chunk. */
  readonly at: number;
  /** Set when the call did not succeed. */
  readonly failure?: Exclude<CallOutcome, { kind: 'ok' }>;
  /** Set when the plugin printed, logged, read or called anything. */
  readonly capture?: CallCapture;
}

/**
 * Results of consecutive calls, packed so that the common case costs a few
 * typed-array slots rather than an object graph to clone: every ok output is
 * concatenated into `outputs` (one transferred buffer), `outputLengths[i]`
 * is -1 for a failed call.
 */
export interface ResultChunk {
  readonly type: 'results';
  readonly batch: number;
  /** The batch is over: no 'done' message follows. */
  readonly done: boolean;
  readonly indices: Int32Array;
  readonly elapsedMs: Float64Array;
  readonly outputLengths: Int32Array;
  readonly outputs: ArrayBuffer;
  readonly details: readonly ResultDetail[];
}

/** Worker → parent. */
export type WorkerMessage =
  | ResultChunk
  | { readonly type: 'done'; readonly batch: number }
  | { readonly type: 'failed'; readonly batch: number; readonly message: string };
