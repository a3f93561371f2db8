import { DEFAULT_TIMEOUT_MS, type CallRequest } from '../plugin-spec.js';

/** One call of a batch, as the worker reads it. */
export interface BatchCall {
  readonly index: number;
  readonly fn: string;
  readonly input: Uint8Array;
  readonly timeoutMs: number;
  readonly config?: Record<string, string> | undefined;
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
  /** The shortest of `timeouts` (Infinity for no calls). */
  readonly minTimeoutMs: number;
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

/**
 * Packs calls[start, end) straight from the caller's requests (no object per
 * call on the way): call i keeps i as its index, its timeout defaults to
 * DEFAULT_TIMEOUT_MS, and `freshAt(i)` says whether it gets a fresh instance.
 */
export function packCalls(calls: readonly CallRequest[], start: number, end: number, freshAt: (index: number) => boolean): PackedCalls {
  const count = Math.max(0, end - start);
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
  let minTimeoutMs = Number.POSITIVE_INFINITY;
  // The previous call's fn and input: runs of one function on one input skip the map lookups.
  let lastFn: string | undefined;
  let lastId = 0;
  let lastInput: Uint8Array | undefined;
  let lastAt = 0;
  for (let k = 0; k < count; k += 1) {
    const i = start + k;
    const call = calls[i] as CallRequest;
    indices[k] = i;
    const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    timeouts[k] = timeoutMs;
    if (timeoutMs < minTimeoutMs) minTimeoutMs = timeoutMs;
    fresh[k] = freshAt(i) ? 1 : 0;
    if (call.fn !== lastFn) {
      let id = fnIndex.get(call.fn);
      if (id === undefined) {
        id = fnNames.length;
        fnNames.push(call.fn);
        fnIndex.set(call.fn, id);
      }
      lastFn = call.fn;
      lastId = id;
    }
    fnIds[k] = lastId;
    if (call.input !== lastInput) {
      let at = stored.get(call.input);
      if (at === undefined) {
        at = bytes;
        stored.set(call.input, at);
        parts.push(call.input);
        bytes += call.input.byteLength;
      }
      lastInput = call.input;
      lastAt = at;
    }
    inputStarts[k] = lastAt;
    inputEnds[k] = lastAt + call.input.byteLength;
    if (call.config !== undefined) configs.push([k, call.config]);
  }
  const inputs = new Uint8Array(bytes);
  let offset = 0;
  for (const part of parts) {
    inputs.set(part, offset);
    offset += part.byteLength;
  }
  return { count, indices, timeouts, minTimeoutMs, fresh, fnIds, fnNames, inputStarts, inputEnds, inputs: inputs.buffer, configs };
}

/**
 * Reads packed calls one at a time in place: `next()` moves to the next call
 * and the cursor itself is that call (a BatchCall), valid until the following
 * `next()`. No object per call: this runs once per call in the worker, where
 * an object and an input view per call showed in the profile. An input is a
 * view into `packed.inputs`, shared by consecutive calls with the same bytes;
 * a caller that hands it on copies it (PluginSession does).
 */
export class CallCursor implements BatchCall {
  readonly #packed: PackedCalls;
  #at = -1;
  #config = 0;
  index = -1;
  fn = '';
  input: Uint8Array = new Uint8Array(0);
  timeoutMs = 0;
  config: Record<string, string> | undefined = undefined;
  fresh = false;
  #inputStart = -1;
  #inputEnd = -1;

  constructor(packed: PackedCalls) {
    this.#packed = packed;
  }

  /** Moves to the next call; false past the last one. */
  next(): boolean {
    const packed = this.#packed;
    const at = this.#at + 1;
    if (at >= packed.count) {
      this.#at = packed.count;
      return false;
    }
    this.#at = at;
    const own = packed.configs[this.#config];
    if (own !== undefined && own[0] === at) {
      this.config = own[1];
      this.#config += 1;
    } else {
      this.config = undefined;
    }
    this.index = packed.indices[at] ?? -1;
    this.fn = packed.fnNames[packed.fnIds[at] ?? 0] ?? '';
    const start = packed.inputStarts[at] ?? 0;
    const end = packed.inputEnds[at] ?? 0;
    if (start !== this.#inputStart || end !== this.#inputEnd) {
      this.input = new Uint8Array(packed.inputs, start, end - start);
      this.#inputStart = start;
      this.#inputEnd = end;
    }
    this.timeoutMs = packed.timeouts[at] ?? 0;
    this.fresh = packed.fresh[at] === 1;
    return true;
  }
}
