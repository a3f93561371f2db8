import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Signature } from '../../../codec/signature.js';
import type { PropertyCheck, PropertySpec } from '../../suite.js';
import { argNamesOf, buildSequenceSpec, modelDefaultFunction } from '../build-sequence-spec.js';
import { functionLookup } from './functions-section.js';
import { buildConstraints, CONSTRAINT_KEYS } from './property-constraints.js';
import type { Table } from './section-context.js';
import type { SuiteSection } from './suite-section.js';

// Default number of runs of a property when the suite gives none.
export const DEFAULT_PROPERTY_RUNS = 100;

/** `[[properties]]`: generated checks, their generator limits, oracles, references and sequences. */
export const propertiesSection: SuiteSection = {
  name: '[[properties]]',
  parse: (context, { functions }) => {
    const { root, suiteDir, at, report } = context;
    const lookupFunction = functionLookup(context, functions);
    const properties: PropertySpec[] = [];
    const propertyNames = new Set<string>();
    ((root['properties'] ?? []) as Table[]).forEach((raw, index) => {
      const pointer = `/properties/${index}`;
      const check = raw['check'] as PropertyCheck;
      const fn = lookupFunction(raw['function'] ?? (check === 'model' ? modelDefaultFunction(raw, functions) : undefined), `${pointer}/function`);
      if (fn === undefined) return;
      const sequence = buildSequenceSpec(raw, pointer, check, fn, {
        suiteDir,
        functions,
        lookupFunction,
        report,
        constraintsFor: (f, known) => buildConstraints(report, raw, argNamesOf(f), pointer, known),
      });
      if (sequence === undefined) return;
      const argNames = argNamesOf(fn);
      const constraints = sequence === 'none' ? buildConstraints(report, raw, argNames, pointer) : sequence.constraints[fn.name];
      if (constraints === undefined) return;
      const limit = [...CONSTRAINT_KEYS, 'constraints', 'args'].find((k) => raw[k] !== undefined);
      if (fn.inputSchema !== undefined && limit !== undefined) {
        report('suite-property', `${pointer}/${limit}`, `'${limit}' is ignored: input_schema of '${fn.name}' drives generation`, 'bounds in input_schema (maxLength, minimum, …)', 'warning');
      }
      if (check === 'rejects_invalid' && fn.inputSchema === undefined) {
        report('suite-property', `${pointer}/check`, `rejects_invalid draws inputs that break input_schema; '${fn.name}' has none`, 'input = "json" with input_schema = { … }');
        return;
      }
      if (check === 'roundtrip' && !sameShape(fn.input, fn.output)) {
        report('suite-property', `${pointer}/check`, `roundtrip needs output shaped like the input; '${fn.name}' maps ${describeShape(fn.input)} to ${describeShape(fn.output)}`, 'an echo-shaped function');
        return;
      }
      let oracle: string | undefined;
      if (check === 'oracle') {
        if (typeof raw['oracle'] !== 'string') {
          report('suite-property', pointer, 'an oracle property names its oracle module', 'oracle = "oracles/<name>.mjs"');
          return;
        }
        oracle = resolve(suiteDir, raw['oracle']);
        if (!existsSync(oracle)) {
          report('suite-oracle-missing', `${pointer}/oracle`, `oracle module ${oracle} does not exist`, 'a .mjs/.js/.ts module beside the suite');
          return;
        }
      } else if (raw['oracle'] !== undefined) {
        report('suite-property', `${pointer}/oracle`, `'oracle' is only read by check = "oracle"`, undefined, 'warning');
      }
      const base = typeof raw['name'] === 'string' ? raw['name'] : `${check}:${fn.name}`;
      let name = base;
      for (let n = 2; propertyNames.has(name); n++) name = `${base}#${n}`;
      propertyNames.add(name);
      properties.push({
        index,
        name,
        function: fn.name,
        check,
        runs: typeof raw['runs'] === 'number' ? raw['runs'] : DEFAULT_PROPERTY_RUNS,
        constraints,
        ...(oracle === undefined ? {} : { oracle }),
        ...(typeof raw['reference'] === 'string' ? { reference: resolve(suiteDir, raw['reference']) } : {}),
        ...(typeof raw['tolerance'] === 'number' ? { tolerance: raw['tolerance'] } : {}),
        freshInstance: raw['fresh_instance'] === true,
        ...(raw['config'] === undefined ? {} : { config: raw['config'] as Record<string, string> }),
        ...(sequence === 'none' ? {} : { sequence }),
        at: at(pointer),
      });
    });
    return { properties };
  },
};

function sameShape(a: Signature, b: Signature): boolean {
  if (a.kind === 'raw') return b.kind === 'raw' && a.framing === b.framing;
  if (b.kind === 'raw') return false;
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.type === b.fields[i]?.type);
}

function describeShape(sig: Signature): string {
  return sig.kind === 'raw' ? `raw ${sig.framing}` : `(${sig.fields.map((f) => f.type).join(', ')})`;
}
