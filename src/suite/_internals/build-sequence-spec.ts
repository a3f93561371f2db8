import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArgConstraints, PropertyCheck, SequenceSpec, SuiteFunction } from '../suite.js';
import type { SuiteFindingCode } from '../../finding-code.js';

type Table = Record<string, unknown>;

/** Calls per sequence when a property gives no max_steps. */
export const DEFAULT_MAX_STEPS = 20;

const SEQUENCE_KEYS = ['model', 'functions', 'max_steps'] as const;

export interface SequenceDeps {
  readonly suiteDir: string;
  readonly functions: ReadonlyMap<string, SuiteFunction>;
  readonly lookupFunction: (name: unknown, pointer: string) => SuiteFunction | undefined;
  readonly report: (code: SuiteFindingCode, pointer: string, message: string, expected?: string, severity?: 'error' | 'warning') => void;
  /** The generator limits of one function's arguments; `known` are the argument names the table may use. */
  readonly constraintsFor: (fn: SuiteFunction, known: readonly string[]) => Record<string, ArgConstraints> | undefined;
}

/** The function a `model` property is reported under when it names none: the first it may call. */
export function modelDefaultFunction(raw: Table, functions: ReadonlyMap<string, SuiteFunction>): unknown {
  const listed = raw['functions'];
  return Array.isArray(listed) ? listed[0] : functions.keys().next().value;
}

export function argNamesOf(fn: SuiteFunction): string[] {
  return fn.input.kind === 'packed' ? fn.input.fields.map((f) => f.name) : fn.input.framing === 'none' ? [] : ['input'];
}

/**
 * The sequence keys of a `model` or `isolated` property, checked against the
 * suite; undefined after reporting a problem. Other checks get a warning for
 * keys they do not read.
 */
export function buildSequenceSpec(raw: Table, pointer: string, check: PropertyCheck, fn: SuiteFunction, deps: SequenceDeps): SequenceSpec | undefined | 'none' {
  if (check !== 'model' && check !== 'isolated') {
    for (const key of SEQUENCE_KEYS) {
      if (raw[key] !== undefined) deps.report('suite-property', `${pointer}/${key}`, `'${key}' is only read by check = "model"${key === 'model' ? '' : ' or "isolated"'}`, undefined, 'warning');
    }
    return 'none';
  }
  let ok = true;
  const listed = Array.isArray(raw['functions']) ? (raw['functions'] as unknown[]) : check === 'model' ? [...deps.functions.keys()] : [fn.name];
  const fns: SuiteFunction[] = [];
  listed.forEach((name, i) => {
    const found = deps.lookupFunction(name, `${pointer}/functions/${i}`);
    if (found === undefined) ok = false;
    else if (!fns.includes(found)) fns.push(found);
  });
  if (check === 'isolated' && !fns.includes(fn)) fns.push(fn);
  const known = [...new Set(fns.flatMap(argNamesOf))];
  const constraints: Record<string, Record<string, ArgConstraints>> = {};
  for (const f of fns) {
    const built = deps.constraintsFor(f, known);
    if (built === undefined) ok = false;
    else constraints[f.name] = built;
  }
  let model: string | undefined;
  if (check === 'model') {
    if (typeof raw['model'] !== 'string') {
      deps.report('suite-property', pointer, 'a model property names its model module', 'model = "models/<name>.mjs"');
      ok = false;
    } else {
      model = resolve(deps.suiteDir, raw['model']);
      if (!existsSync(model)) {
        deps.report('suite-oracle-missing', `${pointer}/model`, `model module ${model} does not exist`, 'a .mjs/.js/.ts module beside the suite');
        ok = false;
      }
    }
  } else if (raw['model'] !== undefined) {
    deps.report('suite-property', `${pointer}/model`, `'model' is only read by check = "model"`, undefined, 'warning');
  }
  if (!ok) return undefined;
  return {
    functions: fns.map((f) => f.name),
    maxSteps: typeof raw['max_steps'] === 'number' ? raw['max_steps'] : DEFAULT_MAX_STEPS,
    constraints,
    ...(model === undefined ? {} : { model }),
  };
}
