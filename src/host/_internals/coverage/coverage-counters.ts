import { COVERAGE_NAMESPACE } from './instrument-wasm.js';
import type { CoverageHandle } from './coverage-handle.js';

/**
 * The counter globals of one instrumented module in one worker thread. Every
 * instance of the module imports the same globals, so counts survive fresh
 * instances; harvest() moves them into the run's shared counts.
 */
export class CoverageCounters {
  readonly imports: WebAssembly.Imports;
  readonly #globals: WebAssembly.Global[];
  readonly #counts: Uint32Array;
  readonly #firsts: Int32Array;

  constructor(handle: CoverageHandle) {
    this.#counts = new Uint32Array(handle.counts);
    this.#firsts = new Int32Array(handle.firsts);
    const names: Record<string, WebAssembly.Global> = {};
    this.#globals = [];
    for (let i = 0; i < this.#counts.length; i += 1) {
      const global = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
      this.#globals.push(global);
      names[String(i)] = global;
    }
    this.imports = { [COVERAGE_NAMESPACE]: names };
  }

  /** Adds the counts since the last harvest to the shared counts. No wasm runs meanwhile, so a function not entered since has no block counts either. */
  harvest(): void {
    const globals = this.#globals;
    const firsts = this.#firsts;
    for (let f = 0; f + 1 < firsts.length; f += 1) {
      const first = firsts[f] as number;
      const entry = globals[first] as WebAssembly.Global;
      if (entry.value === 0) continue;
      const end = firsts[f + 1] as number;
      for (let c = first; c < end; c += 1) {
        const global = globals[c] as WebAssembly.Global;
        const value = (global.value as number) >>> 0;
        if (value === 0) continue;
        global.value = 0;
        Atomics.add(this.#counts, c, value);
      }
    }
  }
}

const perThread = new Map<string, CoverageCounters>();

/** This thread's counters for a run's instrumented module (one set per run's counts). */
export function coverageCounters(handle: CoverageHandle): CoverageCounters {
  const found = perThread.get(handle.countsId);
  if (found !== undefined) return found;
  const made = new CoverageCounters(handle);
  perThread.set(handle.countsId, made);
  return made;
}
