import { resolve } from 'node:path';
import type { ArgConstraints, BenchmarkSpec, DeclaredAt, SuiteFunction, SuiteValue } from '../suite.js';

type Table = Record<string, unknown>;

// Default distinct inputs of a `generated = true` benchmark.
export const DEFAULT_BENCHMARK_SAMPLES = 16;

const CONSTRAINT_KEYS = ['min', 'max', 'max_length', 'alphabet', 'constraints'] as const;

/** What the `[[benchmarks]]` parser borrows from the suite builder. */
export interface BenchmarkParseContext {
  readonly suiteDir: string;
  /** True when `[suite] reference` names a reference keg. */
  readonly suiteHasReference: boolean;
  at(pointer: string): DeclaredAt;
  report(code: string, pointer: string, message: string, expected?: string, severity?: 'error' | 'warning'): void;
  lookupFunction(name: unknown, pointer: string): SuiteFunction | undefined;
  /** A case-like table's `input`/`args` converted for `fn` (reports and returns undefined when they do not fit). */
  convertInput(fn: SuiteFunction, table: Table, pointer: string): SuiteValue[] | undefined;
  /** The constraint keys of `table` per argument of `fn`. */
  constraintsFor(table: Table, fn: SuiteFunction, pointer: string): Record<string, ArgConstraints> | undefined;
}

/**
 * Turns the schema-valid `[[benchmarks]]` tables into BenchmarkSpecs,
 * checking what the schema cannot: the function exists, exactly one input
 * source, budgets above zero, a reference keg for `max_ratio`.
 */
export function buildBenchmarks(entries: readonly Table[], ctx: BenchmarkParseContext): BenchmarkSpec[] {
  const out: BenchmarkSpec[] = [];
  const names = new Set<string>();
  entries.forEach((raw, index) => {
    const pointer = `/benchmarks/${index}`;
    const fn = ctx.lookupFunction(raw['function'], `${pointer}/function`);
    if (fn === undefined) return;
    let ok = true;
    const fail = (key: string, message: string, expected?: string): void => {
      ctx.report('suite-benchmark', key === '' ? pointer : `${pointer}/${key}`, message, expected);
      ok = false;
    };
    for (const key of ['max_ratio', 'max_us_p95'] as const) {
      const value = raw[key];
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) fail(key, `${key} must be above 0, got ${String(value)}`, 'a number > 0');
    }
    const sources = (['input', 'args', 'generated'] as const).filter((k) => raw[k] !== undefined && raw[k] !== false);
    if (sources.length > 1) fail(sources[1] ?? '', `a benchmark takes one of 'input', 'args' or 'generated = true', got '${sources.join("' and '")}'`, 'one input source');
    const takesInput = fn.input.kind === 'packed' ? fn.input.fields.length > 0 : fn.input.framing !== 'none';
    if (sources.length === 0 && takesInput) fail('', `a benchmark of '${fn.name}' needs its input`, "input = …, args = [...] or generated = true");
    const generated = raw['generated'] === true;
    const stray = CONSTRAINT_KEYS.find((k) => raw[k] !== undefined);
    if (!generated && (stray !== undefined || raw['samples'] !== undefined)) fail(stray ?? 'samples', `'${stray ?? 'samples'}' applies to generated inputs only`, 'generated = true');
    const reference = typeof raw['reference'] === 'string' ? resolve(ctx.suiteDir, raw['reference']) : undefined;
    if (raw['max_ratio'] !== undefined && reference === undefined && !ctx.suiteHasReference) {
      fail('max_ratio', 'max_ratio compares with a reference keg, and the suite names none', '[suite] reference = "…" or reference = "…" in this benchmark');
    }
    if (!ok) return;
    let input: BenchmarkSpec['input'];
    if (generated) {
      if (fn.inputSchema !== undefined && stray !== undefined) {
        ctx.report('suite-benchmark', `${pointer}/${stray}`, `'${stray}' is ignored: input_schema of '${fn.name}' drives generation`, 'bounds in input_schema', 'warning');
      }
      const constraints = ctx.constraintsFor(raw, fn, pointer);
      if (constraints === undefined) return;
      input = { kind: 'generated', samples: typeof raw['samples'] === 'number' ? raw['samples'] : DEFAULT_BENCHMARK_SAMPLES, constraints };
    } else {
      const values = ctx.convertInput(fn, raw, pointer);
      if (values === undefined) return;
      input = { kind: 'fixed', values };
    }
    const base = typeof raw['name'] === 'string' ? raw['name'] : fn.name;
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}#${n}`;
    names.add(name);
    const number = (key: string): number | undefined => (typeof raw[key] === 'number' ? raw[key] : undefined);
    const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));
    out.push({
      index,
      name,
      function: fn.name,
      input,
      ...optional('maxRatio', number('max_ratio')),
      ...optional('maxUsP95', number('max_us_p95')),
      ...optional('rounds', number('rounds')),
      ...optional('warmup', number('warmup')),
      ...optional('iterations', number('iterations')),
      ...optional('budgetMs', number('budget_ms')),
      ...optional('reference', reference),
      ...optional('config', raw['config'] as Record<string, string> | undefined),
      at: ctx.at(pointer),
    });
  });
  return out;
}
