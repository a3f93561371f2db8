import type { CheckResult, CheckStatus, PluginResult, RunReport, SuiteResult } from '../../model/result.js';
import { displayPath } from './display-path.js';
import { CHECK_STATUSES, isFailing } from '../../model/result.js';

export interface LocatedCheck {
  readonly suite: SuiteResult['suite'];
  readonly plugin: PluginResult;
  readonly check: CheckResult;
}

// `keg:plugin`, the plugin naming kegs use.
export function pluginLabel(plugin: PluginResult): string {
  return `${plugin.keg.name}:${plugin.plugin.name}`;
}

export function suiteLabel(suite: SuiteResult['suite']): string {
  return `${suite.type}@${suite.version}${suite.package === undefined ? '' : ` (${suite.package.name}@${suite.package.version})`}`;
}

// Every failing check (fail, error, timeout, xpass), in report order.
export function failingChecks(report: RunReport): LocatedCheck[] {
  const out: LocatedCheck[] = [];
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const check of plugin.checks) {
        if (isFailing(check.status)) out.push({ suite: suite.suite, plugin, check });
      }
    }
  }
  return out;
}

export const STATUS_ORDER: readonly CheckStatus[] = CHECK_STATUSES;

export function countStatuses(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, timeout: 0, skip: 0, xfail: 0, xpass: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}

// "3 pass, 1 fail" style list of the non-zero counts.
export function describeCounts(counts: Readonly<Record<CheckStatus, number>>): string {
  const parts = STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length === 0 ? 'no checks' : parts.join(', ');
}

export function sumDuration(checks: readonly CheckResult[]): number {
  return checks.reduce((total, check) => total + check.durationMs, 0);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// `file:line:col` of a check's declaration, or the suite file.
export function checkPlace(suite: SuiteResult['suite'], check: CheckResult): string {
  const loc = check.location;
  if (loc === undefined) return displayPath(suite.file);
  return `${displayPath(loc.file)}${loc.line === undefined ? '' : `:${loc.line}${loc.column === undefined ? '' : `:${loc.column}`}`}`;
}
