import type { CoverageHandle } from './coverage-handle.js';

/** An instance's COVERAGE_TAKE_EXPORT: counter i's count since the last take. */
export type TakeCounter = (index: number) => number;

/**
 * The run's shared counts of one instrumented module, as a worker thread
 * sees them: harvest() moves an instance's counts there (atomically, as
 * several workers may run the same plugin).
 */
export class CoverageCounters {
  readonly #counts: Uint32Array;
  readonly #firsts: Int32Array;

  constructor(handle: CoverageHandle) {
    this.#counts = new Uint32Array(handle.counts);
    this.#firsts = new Int32Array(handle.firsts);
  }

  /** No wasm runs meanwhile, so a function not entered since the last take has no block counts either. */
  harvest(take: TakeCounter): void {
    const firsts = this.#firsts;
    for (let f = 0; f + 1 < firsts.length; f += 1) {
      const first = firsts[f] as number;
      const entry = take(first) >>> 0;
      if (entry === 0) continue;
      Atomics.add(this.#counts, first, entry);
      const end = firsts[f + 1] as number;
      for (let c = first + 1; c < end; c += 1) {
        const value = take(c) >>> 0;
        if (value !== 0) Atomics.add(this.#counts, c, value);
      }
    }
  }
}
