import type { CallOutcome, PluginSpec } from '../plugin-spec.js';
import type { CallCapture } from './call-capture.js';

/** Data every worker starts with. */
export interface WorkerStart {
  readonly progress: SharedArrayBuffer;
  /** The shared-clock origin of the progress slot's timestamps. */
  readonly epoch: number;
}

export interface BatchCall {
  readonly index: number;
  readonly fn: string;
  readonly input: Uint8Array;
  readonly timeoutMs: number;
  readonly config?: Record<string, string>;
  readonly fresh: boolean;
}

/** Parent → worker. Results for indices below `reportFrom` are replays for state and are not sent back. */
export interface BatchMessage {
  readonly type: 'batch';
  readonly batch: number;
  readonly spec: PluginSpec;
  readonly calls: readonly BatchCall[];
  readonly reportFrom: number;
}

export interface WorkerCallResult {
  readonly index: number;
  readonly outcome: CallOutcome;
  readonly capture: CallCapture;
  readonly elapsedMs: number;
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly type: 'results'; readonly batch: number; readonly results: readonly WorkerCallResult[] }
  | { readonly type: 'done'; readonly batch: number }
  | { readonly type: 'failed'; readonly batch: number; readonly message: string };
