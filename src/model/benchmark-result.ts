/**
 * The figures of a `benchmark` check (a `[[benchmarks]]` entry of a suite):
 * per-call times of the plugin and of the suite's reference keg, measured in
 * interleaved rounds on reused instances, and the budget they were held to.
 * Times are per call, in microseconds, as the worker measured them.
 */
export interface BenchmarkFigures {
  /** Median over the rounds of (plugin time / reference time) for the same calls; absent without a reference. */
  readonly ratio?: number;
  /** Plugin per-call p50 and p95 over every measured call. */
  readonly p50Us: number;
  readonly p95Us: number;
  /** The reference's per-call p50 and p95, when a reference was measured. */
  readonly referenceP50Us?: number;
  readonly referenceP95Us?: number;
  /** The reference keg measured (`keg:plugin`). */
  readonly reference?: string;
  /** Measured rounds, and calls per side in each round. */
  readonly rounds: number;
  readonly iterations: number;
  /** Warm-up calls per side before the first round. */
  readonly warmup: number;
  /** Distinct inputs the calls cycle through. */
  readonly inputs: number;
  /** The budget as the suite states it. */
  readonly budget: { readonly maxRatio?: number; readonly maxUsP95?: number };
  /** `--baseline`: the saved figure this run was compared with. */
  readonly baseline?: {
    readonly file: string;
    /** What was compared: the median ratio, or the plugin p50 (µs) when there is no reference. */
    readonly metric: 'ratio' | 'p50Us';
    readonly saved: number;
    /** Allowed growth factor over `saved`. */
    readonly threshold: number;
    readonly regressed: boolean;
  };
}

/** Saved benchmark figures to compare a run with (`kegcheck run --baseline FILE`). */
export interface BenchmarkBaseline {
  /** The report file the figures came from. */
  readonly file: string;
  /** Allowed growth factor over the saved figure (e.g. 1.25). */
  readonly threshold: number;
  /** The saved figures of one check, keyed as in a report. */
  find(key: { readonly suiteType: string; readonly keg: string; readonly plugin: string; readonly checkId: string }): BenchmarkFigures | undefined;
}
