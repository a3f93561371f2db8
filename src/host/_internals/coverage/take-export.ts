/**
 * The export an instrumented module adds: `(i32 counter) -> i32` returns a
 * counter and sets it to 0. Its own module, so the worker that reads it does
 * not load the instrumenter.
 */
export const COVERAGE_TAKE_EXPORT = '__kegcheck_coverage_take';
