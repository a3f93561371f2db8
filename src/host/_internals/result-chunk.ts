import type { CallOutcome, CallResult } from '../plugin-spec.js';
import { NO_CAPTURE, type CallCapture } from './call-capture.js';
import type { ResultChunk, ResultDetail } from './worker-protocol.js';

function hasCapture(capture: CallCapture): boolean {
  return capture.prints.length > 0 || capture.logs.length > 0 || capture.staticReads.length > 0 || capture.hostCalls.length > 0 || capture.httpRequests !== undefined;
}

const TRANSFER_FROM = 64 * 1024;
// Outputs are copied into one growing buffer as they arrive (a buffer per
// output was an ArrayBuffer allocation per call); past this size it is not
// kept for the next chunk. It starts empty: a run() of one call makes a
// builder of its own, and a zeroed 64 KiB buffer each time showed in that row.
const SCRATCH_MIN_BYTES = 4 * 1024;
const SCRATCH_KEPT_UP_TO = 8 * 1024 * 1024;

/** Accumulates results in the worker and packs them into a ResultChunk. */
export class ResultChunkBuilder {
  // Typed arrays grown by doubling rather than arrays of numbers: take()
  // copies them into the chunk's one buffer without boxing or iterating.
  #indices = new Int32Array(16);
  #elapsed = new Float64Array(16);
  #lengths = new Int32Array(16);
  #count = 0;
  #scratch = new Uint8Array(0);
  #details: ResultDetail[] = [];
  #bytes = 0;

  get count(): number {
    return this.#count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Copies an ok output now, so the caller may reuse or overwrite it afterwards. */
  add(index: number, outcome: CallOutcome, capture: CallCapture, elapsedMs: number): void {
    const at = this.#count;
    if (at === this.#indices.length) this.#grow();
    this.#count = at + 1;
    this.#indices[at] = index;
    this.#elapsed[at] = elapsedMs;
    const captured = hasCapture(capture);
    if (outcome.kind === 'ok') {
      const { output } = outcome;
      this.#lengths[at] = output.byteLength;
      this.#reserve(output.byteLength);
      this.#scratch.set(output, this.#bytes);
      this.#bytes += output.byteLength;
      if (captured) this.#details.push({ at, capture });
    } else {
      this.#lengths[at] = -1;
      this.#details.push(captured ? { at, failure: outcome, capture } : { at, failure: outcome });
    }
  }

  #grow(): void {
    const size = 2 * this.#indices.length;
    const indices = new Int32Array(size);
    const elapsed = new Float64Array(size);
    const lengths = new Int32Array(size);
    indices.set(this.#indices);
    elapsed.set(this.#elapsed);
    lengths.set(this.#lengths);
    this.#indices = indices;
    this.#elapsed = elapsed;
    this.#lengths = lengths;
  }

  #reserve(more: number): void {
    const need = this.#bytes + more;
    if (need <= this.#scratch.byteLength) return;
    const grown = new Uint8Array(Math.max(need, 2 * this.#scratch.byteLength, SCRATCH_MIN_BYTES));
    grown.set(this.#scratch.subarray(0, this.#bytes));
    this.#scratch = grown;
  }

  /** Packs and clears; returns the chunk and the buffers to transfer. */
  take(batch: number, done = false): { chunk: ResultChunk; transfer: ArrayBuffer[] } {
    const outputs = this.#scratch.slice(0, this.#bytes);
    if (this.#scratch.byteLength > SCRATCH_KEPT_UP_TO) this.#scratch = new Uint8Array(0);
    // The three columns share one buffer: a message clones it once, not three times.
    const n = this.#count;
    const columns = new ArrayBuffer(n * 16);
    const elapsedMs = new Float64Array(columns, 0, n);
    const indices = new Int32Array(columns, n * 8, n);
    const outputLengths = new Int32Array(columns, n * 12, n);
    elapsedMs.set(this.#elapsed.subarray(0, n));
    indices.set(this.#indices.subarray(0, n));
    outputLengths.set(this.#lengths.subarray(0, n));
    const chunk: ResultChunk = { type: 'results', batch, done, indices, elapsedMs, outputLengths, outputs: outputs.buffer, details: this.#details };
    this.#count = 0;
    this.#details = [];
    this.#bytes = 0;
    // Transferring a buffer costs more than copying a small one.
    return { chunk, transfer: chunk.outputs.byteLength >= TRANSFER_FROM ? [chunk.outputs] : [] };
  }
}

/**
 * Unpacks a chunk, handing each (index, CallResult) to `take`. The chunk's
 * buffer arrived as this thread's own copy, so outputs of a small chunk are
 * views into it (an ArrayBuffer per call cost more than the call's framing);
 * those of a large one are copied out, so that keeping one output never keeps
 * megabytes of others alive.
 */
export function unpackResultChunk(chunk: ResultChunk, take: (index: number, result: CallResult) => void): void {
  let offset = 0;
  let detail = 0;
  const { indices, elapsedMs, outputLengths, outputs, details } = chunk;
  const views = outputs.byteLength < TRANSFER_FROM;
  for (let at = 0; at < indices.length; at += 1) {
    const next = details[detail];
    const own = next !== undefined && next.at === at ? next : undefined;
    if (own !== undefined) detail += 1;
    // Most calls capture nothing: they share NO_CAPTURE's frozen empty lists
    // rather than cost the parent four arrays each.
    const captured = own?.capture ?? NO_CAPTURE;
    const { prints, logs, staticReads, hostCalls } = captured;
    const extra = captured.mockCalls === undefined && captured.httpRequests === undefined ? undefined : captured;
    const elapsed = elapsedMs[at] ?? 0;
    const length = outputLengths[at] ?? -1;
    let result: CallResult;
    if (length >= 0) {
      // Written out rather than spread: this runs once per call on the parent thread.
      const output = views ? new Uint8Array(outputs, offset, length) : new Uint8Array(outputs.slice(offset, offset + length));
      offset += length;
      result = { kind: 'ok', output, elapsedMs: elapsed, prints, logs, staticReads, hostCalls };
    } else {
      const failure: CallOutcome = own?.failure ?? { kind: 'crash', message: 'result lost in transit' };
      result = { ...failure, elapsedMs: elapsed, prints, logs, staticReads, hostCalls };
    }
    if (extra?.mockCalls !== undefined) result.mockCalls = extra.mockCalls;
    if (extra?.httpRequests !== undefined) result.httpRequests = extra.httpRequests;
    take(indices[at] ?? -1, result);
  }
}
