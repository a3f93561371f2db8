// The arithmetic of a benchmark check, kept apart from the calls so it can be tested on its own.

// Defaults of a `[[benchmarks]]` entry (docs/suite-format.md quotes them).
export const DEFAULT_BENCHMARK_ROUNDS = 10;
export const DEFAULT_BENCHMARK_WARMUP = 20;
export const DEFAULT_BENCHMARK_BUDGET_MS = 2000;
// Calls per side per round when chosen from the budget: enough calls that a
// round outlasts timer noise, few enough that a slow plugin ends.
const MIN_ITERATIONS = 10;
const MAX_ITERATIONS = 10_000;

/** The value at quantile `q` (0..1) of `values`, nearest rank; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Calls per side per round so that `rounds` rounds of both sides take about
 * `budgetMs`, given the per-call times seen during warm-up.
 */
export function chooseIterations(budgetMs: number, rounds: number, perCallMs: number): number {
  if (!(perCallMs > 0)) return MAX_ITERATIONS;
  const fit = Math.floor(budgetMs / rounds / perCallMs);
  return Math.min(MAX_ITERATIONS, Math.max(MIN_ITERATIONS, fit));
}

/** A ratio or a time for people: 3 significant digits. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(3)).toString();
}
