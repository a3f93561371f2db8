import type { BenchmarkCheckResult, CheckResult, PropertyCheckResult } from '../model/result.js';

/**
 * For tests: a check result with every kind's fields readable (absent ones
 * undefined), so an assertion can say a field is there or is not without
 * narrowing first. Library code narrows by `kind` instead.
 */
export type ProbedCheck = Pick<CheckResult, 'id' | 'kind' | 'name' | 'status' | 'durationMs'> &
  Partial<Omit<PropertyCheckResult, 'id' | 'kind' | 'name' | 'status' | 'durationMs'>> & { readonly benchmark?: BenchmarkCheckResult['benchmark'] };

/** The same check, typed for probing (see ProbedCheck). */
export function probed(check: CheckResult): ProbedCheck;
export function probed(check: CheckResult | undefined): ProbedCheck | undefined;
export function probed(check: CheckResult | undefined): ProbedCheck | undefined {
  return check;
}
