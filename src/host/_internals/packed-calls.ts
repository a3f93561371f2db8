/** One call of a batch, as the parent sends it to the worker. */
export interface BatchCall {
  readonly index: number;
  readonly fn: string;
  readonly input: Uint8Array;
  readonly timeoutMs: number;
  readonly config?: Record<string, string>;
  readonly fresh: boolean;
}

/**
 * A batch of calls as a few typed arrays and one input buffer: cloning ten
 * thousand call objects into a worker costs about a microsecond each, more
 * than an Extism call. Inputs that are the same Uint8Array are stored once.
 */
export interface PackedCalls {
  readonly count: number;
  readonly indices: Int32Array;
  readonly timeouts: Float64Array;
  readonly fresh: Uint8Array;
  readonly fnIds: Int32Array;
  readonly fnNames: readonly string[];
  /** Start and end of each call's input in `inputs`. */
  readonly inputStarts: Float64Array;
  readonly inputEnds: Float64Array;
  readonly inputs: ArrayBuffer;
  /** Per-call Extism config overrides, by position. */
  readonly configs: ReadonlyArray<readonly [number, Record<string, string>]>;
}

export function packCalls(calls: readonly BatchCall[]): PackedCalls {
  const count = calls.length;
  const indices = new Int32Array(count);
  const timeouts = new Float64Array(count);
  const fresh = new Uint8Array(count);
  const fnIds = new Int32Array(count);
  const inputStarts = new Float64Array(count);
  const inputEnds = new Float64Array(count);
  const fnNames: string[] = [];
  const fnIndex = new Map<string, number>();
  const stored = new Map<Uint8Array, number>();
  const parts: Uint8Array[] = [];
  const configs: Array<readonly [number, Record<string, string>]> = [];
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const call = calls[i] as BatchCall;
    indices[i] = call.index;
    timeouts[i] = call.timeoutMs;
    fresh[i] = call.fresh ? 1 : 0;
    let id = fnIndex.get(call.fn);
    if (id === undefined) {
      id = fnNames.length;
      fnNames.push(call.fn);
      fnIndex.set(call.fn, id);
    }
    fnIds[i] = id;
    let at = stored.get(call.input);
    if (at === undefined) {
      at = bytes;
      stored.set(call.input, at);
      parts.push(call.input);
      bytes += call.input.byteLength;
    }
    inputStarts[i] = at;
    inputEnds[i] = at + call.input.byteLength;
    if (call.config !== undefined) configs.push([i, call.config]);
  }
  const inputs = new Uint8Array(bytes);
  let offset = 0;
  for (const part of parts) {
    inputs.set(part, offset);
    offset += part.byteLength;
  }
  return { count, indices, timeouts, fresh, fnIds, fnNames, inputStarts, inputEnds, inputs: inputs.buffer, configs };
}

/**
 * The calls back, in order; each input is a copy of its own (the SDK adopts
 * whole buffers), or with `views` a view into `packed.inputs`, for a caller
 * that copies inputs itself (PluginSession does).
 */
export function unpackCalls(packed: PackedCalls, views = false): IterableIterator<BatchCall> {
  return new CallCursor(packed, views);
}

// An iterator rather than a generator: it runs once per call in the worker, and
// a generator's resumption and its fresh { value, done } per step showed there.
class CallCursor implements IterableIterator<BatchCall> {
  readonly #packed: PackedCalls;
  readonly #views: boolean;
  #i = 0;
  #config = 0;
  readonly #step: { done: boolean; value: BatchCall } = { done: false, value: undefined as unknown as BatchCall };

  constructor(packed: PackedCalls, views: boolean) {
    this.#packed = packed;
    this.#views = views;
  }

  [Symbol.iterator](): IterableIterator<BatchCall> {
    return this;
  }

  next(): IteratorResult<BatchCall> {
    const packed = this.#packed;
    const i = this.#i;
    const step = this.#step;
    if (i >= packed.count) {
      step.done = true;
      step.value = undefined as unknown as BatchCall;
      return step as IteratorResult<BatchCall>;
    }
    this.#i = i + 1;
    const next = packed.configs[this.#config];
    const own = next !== undefined && next[0] === i ? next[1] : undefined;
    if (own !== undefined) this.#config += 1;
    const index = packed.indices[i] ?? -1;
    const fn = packed.fnNames[packed.fnIds[i] ?? 0] ?? '';
    const start = packed.inputStarts[i] ?? 0;
    const end = packed.inputEnds[i] ?? 0;
    const input = this.#views ? new Uint8Array(packed.inputs, start, end - start) : new Uint8Array(packed.inputs.slice(start, end));
    const timeoutMs = packed.timeouts[i] ?? 0;
    const fresh = packed.fresh[i] === 1;
    // Two literals rather than a spread: this runs once per call in the worker.
    step.value = own === undefined ? { index, fn, input, timeoutMs, fresh } : { index, fn, input, timeoutMs, fresh, config: own };
    return step as IteratorResult<BatchCall>;
  }
}
