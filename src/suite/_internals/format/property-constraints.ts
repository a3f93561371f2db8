import type { ArgConstraints } from '../../suite.js';
import { toI64 } from '../suite-values.js';
import type { ReportFinding, Table } from './section-context.js';

/** The generator limits a property may set for all arguments or, in `constraints`/`args`, per argument. */
export const CONSTRAINT_KEYS = ['min', 'max', 'max_length', 'alphabet'] as const;

/**
 * The generator limits of each argument of a property; undefined after
 * reporting a table for an argument that does not exist. `known`: the
 * argument names the property's tables may use (a model's span several functions).
 */
export function buildConstraints(
  report: ReportFinding,
  raw: Table,
  argNames: readonly string[],
  pointer: string,
  known: readonly string[] = argNames,
): Record<string, ArgConstraints> | undefined {
  const shared = readConstraint(report, raw, pointer);
  const out: Record<string, ArgConstraints> = {};
  for (const arg of argNames) out[arg] = shared;
  let ok = true;
  for (const key of ['constraints', 'args'] as const) {
    const table = raw[key] as Record<string, Table> | undefined;
    for (const [arg, c] of Object.entries(table ?? {})) {
      if (!known.includes(arg)) {
        report('suite-property', `${pointer}/${key}/${arg}`, `no argument named '${arg}'`, argNames.length === 0 ? 'no constraints (the function takes no input)' : `one of: ${argNames.join(', ')}`);
        ok = false;
        continue;
      }
      if (argNames.includes(arg)) out[arg] = { ...shared, ...readConstraint(report, c, `${pointer}/${key}/${arg}`) };
    }
  }
  return ok ? out : undefined;
}

function readConstraint(report: ReportFinding, table: Table, pointer: string): ArgConstraints {
  const c: { -readonly [K in keyof ArgConstraints]: ArgConstraints[K] } = {};
  for (const key of CONSTRAINT_KEYS) {
    const value = table[key];
    if (value === undefined) continue;
    if (key === 'min' || key === 'max') {
      const bound = typeof value === 'number' && !Number.isInteger(value) ? value : toI64(value);
      if (bound === undefined) report('suite-value', `${pointer}/${key}`, 'bound out of i64 range', 'a number or a decimal string within i64');
      else c[key] = bound;
    } else if (key === 'alphabet') c.alphabet = value as string;
    else c.maxLength = value as number;
  }
  if (c.min !== undefined && c.max !== undefined && c.min > c.max) report('suite-value', `${pointer}/min`, `min ${String(c.min)} is above max ${String(c.max)}`);
  return c;
}
