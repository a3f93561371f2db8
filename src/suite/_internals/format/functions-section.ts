import type { Field, Signature } from '../../../codec/signature.js';
import { userSchemaValidator } from '../../../_internals/schema-validator.js';
import type { SuiteFunction } from '../../suite.js';
import { readInputSchema } from '../input-schema.js';
import type { SectionContext, Table } from './section-context.js';
import type { SuiteSection } from './suite-section.js';

/** `[[functions]]`: each export's input and output shape, schemas and decoding mode. */
export const functionsSection: SuiteSection = {
  name: '[[functions]]',
  parse: (context) => {
    const functions = new Map<string, SuiteFunction>();
    ((context.root['functions'] ?? []) as Table[]).forEach((fn, i) => {
      const built = buildFunction(context, fn, `/functions/${i}`);
      if (built === undefined) return;
      if (functions.has(built.name)) context.report('suite-duplicate-function', `/functions/${i}/name`, `function '${built.name}' is declared twice`);
      else functions.set(built.name, built);
    });
    return { functions };
  },
};

function buildFunction({ doc, head, findings, at, report }: SectionContext, fn: Table, pointer: string): SuiteFunction | undefined {
  const name = fn['name'] as string;
  let ok = true;
  if (fn['input'] !== undefined && fn['args'] !== undefined) {
    report('suite-function-shape', `${pointer}/args`, `function '${name}' has both raw 'input' and packed 'args'`, 'one of input or args');
    ok = false;
  }
  if (fn['output'] !== undefined && fn['returns'] !== undefined) {
    report('suite-function-shape', `${pointer}/returns`, `function '${name}' has both raw 'output' and packed 'returns'`, 'one of output or returns');
    ok = false;
  }
  if (fn['output'] === undefined && fn['returns'] === undefined) {
    report('suite-function-shape', pointer, `function '${name}' says nothing about its output`, "output = \"string|bytes|json|none\" or returns = [{ name, type }, ...]");
    ok = false;
  }
  for (const side of ['args', 'returns'] as const) {
    const fields = fn[side] as Field[] | undefined;
    const seen = new Set<string>();
    fields?.forEach((field, j) => {
      if (seen.has(field.name)) {
        report('suite-function-shape', `${pointer}/${side}/${j}/name`, `field '${field.name}' appears twice`);
        ok = false;
      }
      seen.add(field.name);
    });
  }
  const output: Signature =
    fn['returns'] !== undefined ? { kind: 'packed', fields: fn['returns'] as Field[] } : { kind: 'raw', framing: (fn['output'] ?? 'none') as 'none' };
  const outputSchema = fn['output_schema'] as Table | undefined;
  if (outputSchema !== undefined) {
    if (output.kind !== 'raw' || output.framing !== 'json') {
      report('suite-function-shape', `${pointer}/output_schema`, 'output_schema applies to json output only', 'output = "json"');
      ok = false;
    } else {
      try {
        userSchemaValidator(outputSchema);
      } catch (error) {
        report('suite-output-schema', `${pointer}/output_schema`, `not a usable JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
        ok = false;
      }
    }
  }
  let inputSchema: { schema: Record<string, unknown>; file?: string } | undefined;
  if (fn['input_schema'] !== undefined) {
    if (fn['input'] !== 'json') {
      report('suite-function-shape', `${pointer}/input_schema`, 'input_schema applies to json input only', 'input = "json"');
      ok = false;
    } else {
      const read = readInputSchema(doc, fn['input_schema'], `${pointer}/input_schema`);
      if (read.ok) inputSchema = read;
      else {
        findings.push(...read.findings);
        ok = false;
      }
    }
  }
  const lenient = fn['lenient_decode'] ?? head['lenient_decode'];
  if (fn['lenient_decode'] !== undefined && output.kind !== 'packed') {
    report('suite-function-shape', `${pointer}/lenient_decode`, `lenient_decode applies to packed returns only; '${name}' has raw output`, 'returns = [{ name, type }, ...]', 'warning');
  }
  if (!ok) return undefined;
  return {
    name,
    ...(typeof fn['description'] === 'string' ? { description: fn['description'] } : {}),
    input: fn['args'] !== undefined ? { kind: 'packed', fields: fn['args'] as Field[] } : { kind: 'raw', framing: (fn['input'] ?? 'none') as 'none' },
    output,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(inputSchema === undefined ? {} : { inputSchema: inputSchema.schema, ...(inputSchema.file === undefined ? {} : { inputSchemaFile: inputSchema.file }) }),
    ...(lenient === true && output.kind === 'packed' ? { lenientDecode: true } : {}),
    at: at(pointer),
  };
}

/** Finds the function a case, property or benchmark names; reports a name no [[functions]] entry declares. */
export type LookupFunction = (name: unknown, pointer: string) => SuiteFunction | undefined;

export function functionLookup({ root, report }: SectionContext, functions: ReadonlyMap<string, SuiteFunction>): LookupFunction {
  // A function whose own declaration failed is not also "unknown" where it is used.
  const declared = new Set(((root['functions'] ?? []) as Table[]).map((f) => f['name']).filter((n): n is string => typeof n === 'string'));
  return (name, pointer) => {
    const fn = typeof name === 'string' ? functions.get(name) : undefined;
    if (fn === undefined && typeof name === 'string' && !declared.has(name)) {
      report('suite-unknown-function', pointer, `no [[functions]] entry named '${name}'`, `one of: ${[...functions.keys()].join(', ')}`);
    }
    return fn;
  };
}
