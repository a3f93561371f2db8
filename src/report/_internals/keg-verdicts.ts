import type { PluginResult, RunReport } from '../../model/result.js';

// One keg's verdict over all its plugins and suites.
export interface KegVerdict {
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly plugins: readonly PluginResult[];
  readonly verdict: 'pass' | 'fail';
}

// Groups plugin results by keg (source path), in first-seen order.
export function kegVerdicts(report: RunReport): KegVerdict[] {
  const byKeg = new Map<string, { name: string; version: string; source: string; plugins: PluginResult[] }>();
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      let entry = byKeg.get(plugin.keg.source);
      if (entry === undefined) {
        entry = { ...plugin.keg, plugins: [] };
        byKeg.set(plugin.keg.source, entry);
      }
      entry.plugins.push(plugin);
    }
  }
  return [...byKeg.values()].map((k) => ({ ...k, verdict: k.plugins.every((p) => p.verdict === 'pass') ? 'pass' : 'fail' }));
}
