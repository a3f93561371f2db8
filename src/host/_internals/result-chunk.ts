import type { CallOutcome, CallResult } from '../plugin-spec.js';
import type { CallCapture } from './call-capture.js';
import type { ResultChunk, ResultDetail } from './worker-protocol.js';

function hasCapture(capture: CallCapture): boolean {
  return capture.prints.length > 0 || capture.logs.length > 0 || capture.staticReads.length > 0 || capture.hostCalls.length > 0;
}

const TRANSFER_FROM = 64 * 1024;

/** Accumulates results in the worker and packs them into a ResultChunk. */
export class ResultChunkBuilder {
  #indices: number[] = [];
  #elapsed: number[] = [];
  #lengths: number[] = [];
  #outputs: Uint8Array[] = [];
  #details: ResultDetail[] = [];
  #bytes = 0;

  get count(): number {
    return this.#indices.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  add(index: number, outcome: CallOutcome, capture: CallCapture, elapsedMs: number): void {
    const at = this.#indices.length;
    this.#indices.push(index);
    this.#elapsed.push(elapsedMs);
    const captured = hasCapture(capture);
    if (outcome.kind === 'ok') {
      this.#lengths.push(outcome.output.byteLength);
      this.#outputs.push(outcome.output);
      this.#bytes += outcome.output.byteLength;
      if (captured) this.#details.push({ at, capture });
    } else {
      this.#lengths.push(-1);
      this.#details.push(captured ? { at, failure: outcome, capture } : { at, failure: outcome });
    }
  }

  /** Packs and clears; returns the chunk and the buffers to transfer. */
  take(batch: number, done = false): { chunk: ResultChunk; transfer: ArrayBuffer[] } {
    const outputs = new Uint8Array(this.#bytes);
    let offset = 0;
    for (const part of this.#outputs) {
      outputs.set(part, offset);
      offset += part.byteLength;
    }
    const chunk: ResultChunk = {
      type: 'results',
      batch,
      done,
      indices: Int32Array.from(this.#indices),
      elapsedMs: Float64Array.from(this.#elapsed),
      outputLengths: Int32Array.from(this.#lengths),
      outputs: outputs.buffer,
      details: this.#details,
    };
    this.#indices = [];
    this.#elapsed = [];
    this.#lengths = [];
    this.#outputs = [];
    this.#details = [];
    this.#bytes = 0;
    // Transferring a buffer costs more than copying a small one.
    return { chunk, transfer: chunk.outputs.byteLength >= TRANSFER_FROM ? [chunk.outputs] : [] };
  }
}

/** Unpacks a chunk, handing each (index, CallResult) to `take`; outputs are copied out of the shared buffer. */
export function unpackResultChunk(chunk: ResultChunk, take: (index: number, result: CallResult) => void): void {
  let offset = 0;
  let detail = 0;
  const { indices, elapsedMs, outputLengths, outputs, details } = chunk;
  for (let at = 0; at < indices.length; at += 1) {
    const next = details[detail];
    const own = next !== undefined && next.at === at ? next : undefined;
    if (own !== undefined) detail += 1;
    const capture = own?.capture;
    const prints = capture?.prints ?? [];
    const logs = capture?.logs ?? [];
    const staticReads = capture?.staticReads ?? [];
    const hostCalls = capture?.hostCalls ?? [];
    const elapsed = elapsedMs[at] ?? 0;
    const length = outputLengths[at] ?? -1;
    let result: CallResult;
    if (length >= 0) {
      // Written out rather than spread: this runs once per call on the parent thread.
      const output = new Uint8Array(outputs.slice(offset, offset + length));
      offset += length;
      result = { kind: 'ok', output, elapsedMs: elapsed, prints, logs, staticReads, hostCalls };
    } else {
      const failure: CallOutcome = own?.failure ?? { kind: 'crash', message: 'result lost in transit' };
      result = { ...failure, elapsedMs: elapsed, prints, logs, staticReads, hostCalls };
    }
    take(indices[at] ?? -1, result);
  }
}
