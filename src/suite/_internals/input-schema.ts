import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type fc from 'fast-check';
import type { SchemaArbitraryResult } from '../../codec/json-schema-arbitrary.js';
import type { CompiledSchema, SchemaViolation } from '../../codec/json-schema-validator.js';
import type { Finding } from '../../finding.js';
import { pointerToKeyPath, type TomlDocument } from '../../_internals/toml-document.js';
import type { SuiteFunction } from '../suite.js';
import { jsonPositions, locateInJson } from './json-positions.js';
import { schemaArbitrary } from './schema-arbitrary-support.js';

// Built once per schema object: the arbitrary and validators survive between
// load and run (the Suite itself stays plain data).
const prepared = new WeakMap<object, Extract<SchemaArbitraryResult, { ok: true }>>();

/** The schema-driven arbitrary and validator of a function with `input_schema`. */
export function inputSchemaOf(fn: SuiteFunction): { arbitrary: fc.Arbitrary<unknown>; compiled: CompiledSchema } | undefined {
  if (fn.inputSchema === undefined) return undefined;
  let found = prepared.get(fn.inputSchema);
  if (found === undefined) {
    const result = schemaArbitrary()(fn.inputSchema);
    if (!result.ok) throw new Error(`input_schema of '${fn.name}' was accepted at load but no longer builds: ${result.problems[0]?.message ?? ''}`);
    found = result;
    prepared.set(fn.inputSchema, found);
  }
  return found;
}

/**
 * Reads a function's `input_schema` (an inline table, or a path to a JSON
 * file relative to the suite) and checks it can drive generation. Problems
 * name the keyword and its place: inside the suite (TOML key path and
 * line:column) or inside the schema file (JSON pointer and line:column).
 */
export function readInputSchema(
  doc: TomlDocument,
  value: unknown,
  pointer: string,
): { ok: true; schema: Record<string, unknown>; file?: string } | { ok: false; findings: Finding[] } {
  const suiteDir = resolve(doc.file, '..');
  const inSuite = (code: string, at: string, message: string, expected?: string): Finding => {
    const pos = doc.locate(at);
    const keyPath = pointerToKeyPath(at);
    return {
      code,
      severity: 'error',
      message: `${keyPath}: ${message}`,
      ...(expected === undefined ? {} : { expected }),
      location: { file: doc.file, pointer: at, keyPath, ...(pos === undefined ? {} : pos) },
    };
  };
  let schema: unknown = value;
  let file: string | undefined;
  let place: (schemaPointer: string) => Finding['location'] = (p) => {
    const at = `${pointer}${p}`;
    return { file: doc.file, pointer: at, keyPath: pointerToKeyPath(at), ...(doc.locate(at) ?? {}) };
  };
  if (typeof value === 'string') {
    file = resolve(suiteDir, value);
    const rel = relative(suiteDir, file);
    if (isAbsolute(value) || rel.startsWith('..')) {
      return { ok: false, findings: [inSuite('suite-input-schema', pointer, `schema file '${value}' is outside the suite's folder`, 'a path relative to the suite file, inside its folder')] };
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { ok: false, findings: [inSuite('suite-input-schema', pointer, `cannot read schema file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'a JSON Schema file')] };
    }
    try {
      schema = JSON.parse(text);
    } catch (error) {
      return { ok: false, findings: [inSuite('suite-input-schema', pointer, `schema file ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, 'a JSON Schema file')] };
    }
    const positions = jsonPositions(text);
    const schemaFile = file;
    place = (p) => ({ file: schemaFile, pointer: p, keyPath: pointerToKeyPath(p), ...(locateInJson(positions, p) ?? {}) });
  }
  if (schema === true) schema = {};
  const result = schemaArbitrary()(schema);
  if (!result.ok) {
    return {
      ok: false,
      findings: result.problems.map((problem) => {
        const location = place(problem.pointer);
        const where = file === undefined ? location.keyPath : `input_schema ${relative(suiteDir, file)}#${problem.pointer}`;
        const named = problem.keyword === '' || problem.message.includes(`'${problem.keyword}'`);
        return {
          code: `suite-input-${problem.code}`,
          severity: 'error' as const,
          message: `${where}: ${named ? '' : `'${problem.keyword}': `}${problem.message}`,
          location,
        };
      }),
    };
  }
  const object = schema as Record<string, unknown>;
  prepared.set(object, result);
  return { ok: true, schema: object, ...(file === undefined ? {} : { file }) };
}

/** Why a golden case's input breaks its function's input_schema (none when it has none). */
export function caseInputProblems(fn: SuiteFunction, input: unknown): SchemaViolation[] {
  const schema = inputSchemaOf(fn);
  if (schema === undefined) return [];
  return schema.compiled.violations(asSentJson(input));
}

/** A raw json input as the plugin receives it: TOML bigints become JSON numbers. */
export function asSentJson(input: unknown): unknown {
  return JSON.parse(JSON.stringify(input ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}
