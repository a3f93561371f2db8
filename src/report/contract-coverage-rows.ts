import type { ContractBranch, PluginResult, RunReport } from '../model/result.js';

/** One schema branch of one function, for the coverage section of every reporter. */
export interface ContractRow {
  readonly plugin: PluginResult;
  readonly function: string;
  readonly branch: ContractBranch;
  readonly exercised: boolean;
}

/** Every contract branch of every function with input_schema, in report order. */
export function contractRows(report: RunReport): ContractRow[] {
  const rows: ContractRow[] = [];
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const fn of plugin.coverage.functions) {
        for (const branch of fn.contract ?? []) rows.push({ plugin, function: fn.name, branch, exercised: branch.cases + branch.propertyRuns > 0 });
      }
    }
  }
  return rows;
}

/** `calc: 8/9 schema branches exercised; never: oneOf[1] (/oneOf/1)` per function, for one-line views. */
export function contractSummaries(plugin: PluginResult): string[] {
  const out: string[] = [];
  for (const fn of plugin.coverage.functions) {
    const branches = fn.contract ?? [];
    if (branches.length === 0) continue;
    const never = branches.filter((b) => b.cases + b.propertyRuns === 0);
    const notByCases = branches.filter((b) => b.cases === 0).length;
    out.push(
      `${fn.name}: ${branches.length - never.length}/${branches.length} schema branches exercised (${branches.length - notByCases} by golden cases)` +
        (never.length === 0 ? '' : `; never: ${never.map((b) => `${b.label} at ${b.pointer}`).join(', ')}`),
    );
  }
  return out;
}
