/**
 * What a worker needs to run one instrumented plugin. Everything is shared
 * memory, so a batch message carries it without copying: the instrumented
 * wasm, the run's counts (one Uint32 per counter, added to atomically by
 * every worker) and each function's first counter (Int32, one past the last
 * counter at the end).
 */
export interface CoverageHandle {
  /** Hash of the instrumented wasm: equal keys mean equal modules. */
  readonly key: string;
  readonly wasm: SharedArrayBuffer;
  readonly counts: SharedArrayBuffer;
  readonly firsts: SharedArrayBuffer;
}
