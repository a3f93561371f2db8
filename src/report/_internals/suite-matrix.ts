import type { CheckResult, PluginResult, SuiteResult } from '../../model/result.js';
import { checkFunction, isFailing } from '../../model/result.js';

// Verdict of one plugin × function cell of the matrix.
export type CellVerdict = 'pass' | 'fail' | 'skip' | 'untested';

export interface MatrixCell {
  readonly function: string;
  readonly verdict: CellVerdict;
  readonly checks: readonly CheckResult[];
  readonly cases: number;
  readonly propertyRuns: number;
  readonly called: boolean;
}

export interface MatrixRow {
  readonly plugin: PluginResult;
  readonly cells: readonly MatrixCell[];
}

// Per-function totals over every plugin of a suite (the coverage bars).
export interface FunctionTotals {
  readonly function: string;
  readonly pluginsCalling: number;
  readonly plugins: number;
  readonly cases: number;
  readonly propertyRuns: number;
}

export interface SuiteMatrix {
  readonly suite: SuiteResult['suite'];
  // Column names; INTERFACE_COLUMN holds checks bound to no function.
  readonly functions: readonly string[];
  readonly rows: readonly MatrixRow[];
  readonly totals: readonly FunctionTotals[];
}

// Column for checks that exercise no single function (interface checks).
export const INTERFACE_COLUMN = '(interface)';

function cellVerdict(checks: readonly CheckResult[]): CellVerdict {
  if (checks.length === 0) return 'untested';
  if (checks.some((c) => isFailing(c.status))) return 'fail';
  if (checks.every((c) => c.status === 'skip')) return 'skip';
  return 'pass';
}

// Kegs × functions of one suite, each cell the verdict of the checks that exercised that function.
export function suiteMatrix(suite: SuiteResult): SuiteMatrix {
  const names: string[] = [];
  const add = (name: string): void => {
    if (!names.includes(name)) names.push(name);
  };
  for (const plugin of suite.plugins) {
    for (const fn of plugin.coverage.functions) add(fn.name);
  }
  for (const plugin of suite.plugins) {
    for (const check of plugin.checks) {
      const fn = checkFunction(check);
      if (fn !== undefined) add(fn);
    }
  }
  const hasInterface = suite.plugins.some((p) => p.checks.some((c) => checkFunction(c) === undefined));
  const functions = hasInterface ? [INTERFACE_COLUMN, ...names] : names;
  const rows = suite.plugins.map((plugin) => ({
    plugin,
    cells: functions.map((name) => {
      const checks = plugin.checks.filter((c) => (name === INTERFACE_COLUMN ? checkFunction(c) === undefined : checkFunction(c) === name));
      const coverage = plugin.coverage.functions.find((f) => f.name === name);
      return {
        function: name,
        verdict: cellVerdict(checks),
        checks,
        cases: coverage?.cases ?? 0,
        propertyRuns: coverage?.propertyRuns ?? 0,
        called: coverage?.called ?? checks.some((c) => c.status !== 'skip'),
      };
    }),
  }));
  const totals = functions.map((name, column) => ({
    function: name,
    plugins: rows.length,
    pluginsCalling: rows.filter((r) => r.cells[column]!.called).length,
    cases: rows.reduce((n, r) => n + r.cells[column]!.cases, 0),
    propertyRuns: rows.reduce((n, r) => n + r.cells[column]!.propertyRuns, 0),
  }));
  return { suite: suite.suite, functions, rows, totals };
}
