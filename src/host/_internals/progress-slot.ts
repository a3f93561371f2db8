// A few Int32s in a SharedArrayBuffer through which a worker says which call
// it is running and since when, without posting a message per call. A
// sequence lock (odd version = being written) keeps the parent from reading
// half an update.

const VERSION = 0;
const BATCH = 1;
const INDEX = 2;
const STARTED = 3;
const TIMEOUT = 4;
const SLOTS = 5;

/** Index value while no call runs. */
export const IDLE = -2;
/** Index value while the module compiles (before the first call of a batch). */
export const COMPILING = -1;

export interface Progress {
  readonly batch: number;
  readonly index: number;
  /** ms since the slot's epoch. */
  readonly startedMs: number;
  readonly timeoutMs: number;
}

export function createProgressBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

const ORIGIN = performance.timeOrigin;

/** Milliseconds on the shared clock (absolute, comparable across threads). */
export function sharedNow(): number {
  return ORIGIN + performance.now();
}

export class ProgressWriter {
  readonly #slots: Int32Array;
  readonly #epoch: number;
  // What the slot holds: a call of the same batch and deadline as the last
  // rewrites only its index and start (each Atomics op is a full barrier, and
  // this runs once per call).
  #batch = Number.NaN;
  #timeout = Number.NaN;
  constructor(buffer: SharedArrayBuffer, epoch: number) {
    this.#slots = new Int32Array(buffer);
    this.#epoch = epoch;
  }
  /** Returns the start it recorded, as performance.now(), so the caller need not read the clock again. */
  set(batch: number, index: number, timeoutMs: number): number {
    const s = this.#slots;
    const now = performance.now();
    const timeout = Math.min(timeoutMs, 0x7fffffff);
    Atomics.add(s, VERSION, 1);
    if (batch !== this.#batch) {
      Atomics.store(s, BATCH, batch);
      this.#batch = batch;
    }
    Atomics.store(s, INDEX, index);
    Atomics.store(s, STARTED, Math.floor(ORIGIN + now - this.#epoch));
    if (timeout !== this.#timeout) {
      Atomics.store(s, TIMEOUT, timeout);
      this.#timeout = timeout;
    }
    Atomics.add(s, VERSION, 1);
    return now;
  }
}

export function readProgress(buffer: SharedArrayBuffer): Progress {
  const s = new Int32Array(buffer);
  for (;;) {
    const before = Atomics.load(s, VERSION);
    if (before % 2 === 0) {
      const progress = {
        batch: Atomics.load(s, BATCH),
        index: Atomics.load(s, INDEX),
        startedMs: Atomics.load(s, STARTED),
        timeoutMs: Atomics.load(s, TIMEOUT),
      };
      if (Atomics.load(s, VERSION) === before) return progress;
    }
  }
}
