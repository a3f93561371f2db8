import { isFailing, type CheckStatus, type PluginResult, type RunSummary } from './result.js';

/**
 * A run's summary counted as plugin results arrive, so a runner that does not
 * keep every result still reports the same `RunSummary` as `summarize`.
 */
export class SummaryTally {
  readonly #byStatus: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, timeout: 0, skip: 0, xfail: 0, xpass: 0 };
  #plugins = 0;
  #checks = 0;

  add(plugin: PluginResult): void {
    this.#plugins += 1;
    for (const check of plugin.checks) {
      this.#checks += 1;
      this.#byStatus[check.status] += 1;
    }
  }

  get plugins(): number {
    return this.#plugins;
  }

  summary(): RunSummary {
    const byStatus = { ...this.#byStatus };
    const failing = (Object.keys(byStatus) as CheckStatus[]).some((status) => isFailing(status) && byStatus[status] > 0);
    return { plugins: this.#plugins, checks: this.#checks, byStatus, verdict: failing ? 'fail' : 'pass' };
  }
}
