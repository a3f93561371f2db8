import fc from 'fast-check';
import { compileSchema, type CompiledSchema, type SchemaViolation } from './json-schema-validator.js';
import { boundedFilter } from './_internals/bounded-filter.js';
import { canonical, escapeSegment, forEachSubschema, isNode, resolvePointer } from './json-schema-walk.js';

export { canonical, forEachSubschema, resolvePointer };

/**
 * Why a schema cannot drive generation. `pointer` is a JSON pointer into the
 * schema, ending at the keyword (e.g. `/properties/a/not`).
 */
export interface SchemaProblem {
  readonly code: 'schema-invalid' | 'schema-unsupported-keyword' | 'schema-remote-ref' | 'schema-unsatisfiable';
  readonly keyword: string;
  readonly pointer: string;
  readonly message: string;
}

export type SchemaArbitraryResult =
  | { readonly ok: true; readonly arbitrary: fc.Arbitrary<unknown>; readonly compiled: CompiledSchema }
  | { readonly ok: false; readonly problems: readonly SchemaProblem[] };

/** Keywords that steer generation. Everything else outside ANNOTATIONS is refused. */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  'type', 'enum', 'const',
  'properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'format',
  'oneOf', 'anyOf', 'allOf', '$ref', '$defs', 'definitions',
];
/** Keywords that only describe: accepted and ignored. */
export const ANNOTATIONS: readonly string[] = [
  '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'contentEncoding', 'contentMediaType',
];
/** `format` values with a generator; others are refused. */
export const SUPPORTED_FORMATS: readonly string[] = ['date-time', 'date', 'time', 'email', 'uri', 'url', 'uuid', 'ipv4', 'ipv6', 'hostname'];

type Schema = Record<string, unknown> | boolean;
type Node = Record<string, unknown>;

// Below this depth of nested containers, optional properties and array items
// beyond minItems are left out, so recursive schemas end.
const SOFT_DEPTH = 5;
// A chain of $refs this deep with nothing optional to stop at never ends.
const HARD_DEPTH = 24;
// Subschemas built for one schema; recursion that branches through required
// keys grows exponentially long before HARD_DEPTH, and ends here instead.
const BUILD_BUDGET = 20_000;
const DEFAULT_EXTRA_ITEMS = 4;
// Larger required sizes would make each input megabytes (or hang building it).
const MAX_MIN_SIZE = 10_000;
const DEFAULT_EXTRA_CHARS = 16;
// Candidates tried per value before generation gives up (unsatisfiable).
const TRIES = 500;
const TYPES = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'] as const;
type JsonType = (typeof TYPES)[number];

/**
 * A fast-check arbitrary for the JSON values a draft 2020-12 schema accepts:
 * built from the schema's keywords (seeded, shrinkable), every value checked
 * by ajv before it is used. Refuses schemas it cannot honour: ajv cannot
 * compile them, a `$ref` leaves the document, a keyword is not supported, or
 * no value could be generated.
 */
export function jsonSchemaArbitrary(schema: unknown): SchemaArbitraryResult {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    return { ok: false, problems: [{ code: 'schema-invalid', keyword: '', pointer: '', message: 'a JSON Schema is an object or a boolean' }] };
  }
  const root = schema as Schema;
  const problems = staticProblems(root);
  if (problems.length > 0) return { ok: false, problems };
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(root);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // ajv names the offending place as `data/type`: that is a pointer into the schema.
    const pointer = /\bdata(\/\S*?)(?=[ ,]|$)/.exec(message)?.[1] ?? '';
    return { ok: false, problems: [{ code: 'schema-invalid', keyword: pointer.split('/').at(-1) ?? '', pointer, message }] };
  }
  const builder = new Builder(root);
  const raw = builder.build(root, '', 0, 0);
  if (builder.problems.length > 0) return { ok: false, problems: builder.problems };
  let last: SchemaViolation | undefined;
  const arbitrary = boundedFilter(
    raw,
    (value) => {
      const bad = compiled.violations(value);
      last = bad[0];
      return bad.length === 0;
    },
    TRIES,
    () => new UnsatisfiableSchema(last),
  );
  // A schema no value satisfies is found here, at load, not in the middle of a run.
  try {
    fc.sample(arbitrary, { seed: 1, numRuns: 10 });
  } catch (error) {
    if (error instanceof UnsatisfiableSchema) {
      const v = error.violation;
      const keyword = v?.keyword ?? '';
      return {
        ok: false,
        problems: [{
          code: 'schema-unsatisfiable',
          keyword,
          pointer: v?.schemaPath ?? '',
          message: `no value could be generated in ${TRIES} tries${v === undefined ? '' : `; candidates broke '${keyword}' (value${v.instancePath} ${v.message})`}`,
        }],
      };
    }
    throw error;
  }
  return { ok: true, arbitrary, compiled };
}

/** Thrown by generation when TRIES candidates in a row break the schema. */
export class UnsatisfiableSchema extends Error {
  constructor(readonly violation: SchemaViolation | undefined) {
    super(`no value satisfying the schema in ${TRIES} tries${violation === undefined ? '' : ` (last broke '${violation.keyword}' at ${violation.schemaPath})`}`);
  }
}

function staticProblems(root: Schema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  forEachSubschema(root, (node, pointer) => {
    if (typeof node === 'boolean') return;
    for (const [keyword, value] of Object.entries(node)) {
      const at = `${pointer}/${escapeSegment(keyword)}`;
      if (keyword === '$id' && pointer !== '') {
        problems.push({ code: 'schema-unsupported-keyword', keyword, pointer: at, message: "'$id' below the root (a new base URI) is not supported" });
      } else if (keyword === '$ref') {
        if (typeof value !== 'string' || !value.startsWith('#')) {
          problems.push({ code: 'schema-remote-ref', keyword, pointer: at, message: `'$ref' ${JSON.stringify(value)} leaves the schema; only local references (#/$defs/…) are supported` });
        } else if (value !== '#' && !value.startsWith('#/')) {
          problems.push({ code: 'schema-unsupported-keyword', keyword, pointer: at, message: `'$ref' ${JSON.stringify(value)} names an anchor; only JSON pointer references (#/…) are supported` });
        } else if (resolvePointer(root, value.slice(1)) === undefined) {
          problems.push({ code: 'schema-invalid', keyword, pointer: at, message: `'$ref' ${JSON.stringify(value)} points at nothing` });
        }
      } else if ((keyword === 'minItems' || keyword === 'minLength' || keyword === 'minProperties') && typeof value === 'number' && value > MAX_MIN_SIZE) {
        problems.push({ code: 'schema-unsupported-keyword', keyword, pointer: at, message: `'${keyword}' ${value} is above ${MAX_MIN_SIZE}: values that large are not generated` });
      } else if (keyword === 'enum' && Array.isArray(value) && value.length === 0) {
        // ajv refuses it too, but without saying where.
        problems.push({ code: 'schema-unsatisfiable', keyword, pointer: at, message: "'enum' with no values accepts no value" });
      } else if (keyword === 'format' && typeof value === 'string' && !SUPPORTED_FORMATS.includes(value)) {
        problems.push({ code: 'schema-unsupported-keyword', keyword, pointer: at, message: `format '${value}' has no generator (supported: ${SUPPORTED_FORMATS.join(', ')})` });
      } else if (!SUPPORTED_KEYWORDS.includes(keyword) && !ANNOTATIONS.includes(keyword)) {
        problems.push({ code: 'schema-unsupported-keyword', keyword, pointer: at, message: `keyword '${keyword}' is not supported for generation` });
      }
    }
  });
  return problems;
}

// Keywords that constrain a value of some type (so a schema without `type` is read as that type).
const TYPE_HINTS: Record<string, JsonType> = {
  properties: 'object', required: 'object', additionalProperties: 'object', minProperties: 'object', maxProperties: 'object',
  items: 'array', prefixItems: 'array', minItems: 'array', maxItems: 'array', uniqueItems: 'array',
  minimum: 'number', maximum: 'number', exclusiveMinimum: 'number', exclusiveMaximum: 'number', multipleOf: 'number',
  minLength: 'string', maxLength: 'string', pattern: 'string', format: 'string',
};

class Builder {
  readonly problems: SchemaProblem[] = [];
  #built = 0;
  #overBudget = false;
  constructor(private readonly root: Schema) {}

  private unsatisfiable(keyword: string, pointer: string, message: string): fc.Arbitrary<unknown> {
    this.problems.push({ code: 'schema-unsatisfiable', keyword, pointer: `${pointer}/${keyword}`, message });
    return fc.constant(null);
  }

  // `depth` counts nested containers, `refs` the $refs followed on this path.
  build(schema: Schema, pointer: string, depth: number, refs: number): fc.Arbitrary<unknown> {
    if (this.#overBudget) return fc.constant(null);
    if (++this.#built > BUILD_BUDGET) {
      this.#overBudget = true;
      return this.unsatisfiable('$ref', pointer, `recursion through required keys or items does not end (over ${BUILD_BUDGET} subschemas built)`);
    }
    if (schema === true) return anyJson(depth);
    if (schema === false) return this.unsatisfiable('false', pointer.replace(/\/[^/]*$/, ''), 'the schema false accepts no value');
    const node = schema;
    if (typeof node['$ref'] === 'string') {
      if (refs >= HARD_DEPTH) return this.unsatisfiable('$ref', pointer, `'$ref' chain deeper than ${HARD_DEPTH} with no optional way out`);
      const target = resolvePointer(this.root, node['$ref'].slice(1)) as Schema;
      const rest = withoutKeys(node, ['$ref']);
      const merged = hasAssertions(rest) ? mergeAll([target, rest]) : target;
      return this.build(merged, node['$ref'].slice(1), depth, refs + 1);
    }
    if (Array.isArray(node['allOf'])) {
      // Members' $refs are followed here so their properties merge; each counts against the $ref depth.
      const members = node['allOf'] as Schema[];
      const followed = members.filter((m) => typeof m !== 'boolean' && typeof m['$ref'] === 'string').length;
      if (followed > 0 && refs >= HARD_DEPTH) return this.unsatisfiable('$ref', pointer, `'$ref' chain deeper than ${HARD_DEPTH} with no optional way out`);
      return this.build(mergeAll([withoutKeys(node, ['allOf']), ...members.map((s) => this.deref(s))]), pointer, depth, refs + followed);
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const alternatives = node[key];
      if (Array.isArray(alternatives)) {
        const rest = withoutKeys(node, [key]);
        if (alternatives.length === 0) return this.unsatisfiable(key, pointer, `'${key}' with no alternatives accepts no value`);
        // An alternative's $ref stays a $ref, so following it counts against the depth.
        return fc.oneof(...(alternatives as Schema[]).map((alt, i) => this.build(hasAssertions(rest) ? mergeAll([alt, rest]) : alt, `${pointer}/${key}/${i}`, depth, refs)));
      }
    }
    if ('const' in node) return fc.constant(node['const']);
    if (Array.isArray(node['enum'])) {
      if (node['enum'].length === 0) return this.unsatisfiable('enum', pointer, "'enum' with no values accepts no value");
      return fc.constantFrom(...(node['enum'] as unknown[]));
    }
    const types = typesOf(node);
    if (types.length === 0) return this.unsatisfiable('type', pointer, "'type' allows no type");
    const arbs = types.map((t) => this.buildType(t, node, pointer, depth, refs));
    return arbs.length === 1 ? (arbs[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbs);
  }

  // A $ref as its target (one level), so allOf/oneOf members merge with their siblings.
  private deref(schema: Schema): Schema {
    if (typeof schema === 'boolean' || typeof schema['$ref'] !== 'string') return schema;
    const target = resolvePointer(this.root, schema['$ref'].slice(1)) as Schema;
    const rest = withoutKeys(schema, ['$ref']);
    return hasAssertions(rest) ? mergeAll([target, rest]) : target;
  }

  private buildType(type: JsonType, node: Node, pointer: string, depth: number, refs: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return this.integer(node, pointer);
      case 'number':
      {
        // Whole numbers are where number handling usually breaks (1 vs 1.0); drawn a third of the time.
        const numbers = this.number(node, pointer);
        const integers = integerRange(node) === undefined ? undefined : this.integer(node, pointer);
        return integers === undefined ? numbers : fc.oneof({ arbitrary: integers, weight: 1 }, { arbitrary: numbers, weight: 2 });
      }
      case 'string':
        return this.string(node, pointer);
      case 'array':
        return this.array(node, pointer, depth, refs);
      case 'object':
        return this.object(node, pointer, depth, refs);
    }
  }

  private integer(node: Node, pointer: string): fc.Arbitrary<unknown> {
    const range = integerRange(node);
    if (range === undefined) {
      const bounds = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'multipleOf'].filter((k) => typeof node[k] === 'number').map((k) => `${k} ${String(node[k])}`);
      return this.unsatisfiable(rangeKeyword(node), pointer, `no integer satisfies ${bounds.join(', ')}`);
    }
    const { kLo, kHi, step } = range;
    return fc.bigInt({ min: BigInt(kLo), max: BigInt(kHi) }).map((k) => Number(k) * step);
  }

  private number(node: Node, pointer: string): fc.Arbitrary<unknown> {
    const min = typeof node['minimum'] === 'number' ? node['minimum'] : typeof node['exclusiveMinimum'] === 'number' ? node['exclusiveMinimum'] : -1e12;
    const max = typeof node['maximum'] === 'number' ? node['maximum'] : typeof node['exclusiveMaximum'] === 'number' ? node['exclusiveMaximum'] : 1e12;
    const minExcluded = typeof node['minimum'] !== 'number' && typeof node['exclusiveMinimum'] === 'number';
    const maxExcluded = typeof node['maximum'] !== 'number' && typeof node['exclusiveMaximum'] === 'number';
    if (min > max || (min === max && (minExcluded || maxExcluded))) return this.unsatisfiable(rangeKeyword(node), pointer, `no number lies between ${min} and ${max}`);
    const m = node['multipleOf'];
    if (typeof m === 'number') {
      const kLo = Math.ceil(min / m);
      const kHi = Math.floor(max / m);
      if (kLo > kHi) return this.unsatisfiable('multipleOf', pointer, `no multiple of ${m} lies between ${min} and ${max}`);
      return fc.bigInt({ min: BigInt(kLo), max: BigInt(kHi) }).map((k) => Number(k) * m);
    }
    return fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
  }

  private string(node: Node, pointer: string): fc.Arbitrary<unknown> {
    const minLength = typeof node['minLength'] === 'number' ? node['minLength'] : 0;
    const maxLength = typeof node['maxLength'] === 'number' ? node['maxLength'] : minLength + DEFAULT_EXTRA_CHARS;
    if (minLength > maxLength) return this.unsatisfiable('minLength', pointer, `minLength ${minLength} is above maxLength ${maxLength}`);
    const format = node['format'];
    if (typeof format === 'string') return formatArbitrary(format);
    if (typeof node['pattern'] === 'string') {
      try {
        return fc.stringMatching(new RegExp(node['pattern'], 'u'));
      } catch (error) {
        this.problems.push({ code: 'schema-unsupported-keyword', keyword: 'pattern', pointer: `${pointer}/pattern`, message: `pattern cannot drive generation: ${error instanceof Error ? error.message : String(error)}` });
        return fc.constant('');
      }
    }
    return fc.array(CHAR, { minLength, maxLength }).map((chars) => chars.join(''));
  }

  private array(node: Node, pointer: string, depth: number, refs: number): fc.Arbitrary<unknown> {
    const prefix = Array.isArray(node['prefixItems']) ? (node['prefixItems'] as Schema[]) : [];
    const minItems = typeof node['minItems'] === 'number' ? node['minItems'] : 0;
    const maxItems = typeof node['maxItems'] === 'number' ? node['maxItems'] : undefined;
    if (maxItems !== undefined && minItems > maxItems) return this.unsatisfiable('minItems', pointer, `minItems ${minItems} is above maxItems ${maxItems}`);
    const items = node['items'] === undefined ? true : (node['items'] as Schema);
    const prefixCount = Math.min(prefix.length, maxItems ?? prefix.length);
    const head = prefix.slice(0, prefixCount).map((s, i) => this.build(s, `${pointer}/prefixItems/${i}`, depth + 1, refs));
    const restMin = Math.max(0, minItems - prefixCount);
    if (items === false) {
      if (restMin > 0) return this.unsatisfiable('minItems', pointer, `minItems ${minItems} needs more items than prefixItems allows with items = false`);
      return fc.tuple(...head);
    }
    const soft = depth >= SOFT_DEPTH;
    const restMax = Math.max(restMin, maxItems === undefined ? restMin + (soft ? 0 : DEFAULT_EXTRA_ITEMS) : Math.min(maxItems - prefixCount, restMin + (soft ? 0 : DEFAULT_EXTRA_ITEMS)));
    if (restMax === 0) return fc.tuple(...head);
    const itemArb = this.build(items, `${pointer}/items`, depth + 1, refs);
    // Not fc.uniqueArray: with minLength above the number of distinct items it loops for ever.
    // Duplicates are dropped instead, and a list left too short is refused by the ajv check.
    const rest = node['uniqueItems'] === true
      ? fc.array(itemArb, { minLength: restMin, maxLength: restMax }).map(dropDuplicates)
      : fc.array(itemArb, { minLength: restMin, maxLength: restMax });
    return fc.tuple(fc.tuple(...head), rest).map(([h, r]) => [...h, ...r]);
  }

  private object(node: Node, pointer: string, depth: number, refs: number): fc.Arbitrary<unknown> {
    const properties = isNode(node['properties']) ? (node['properties'] as Record<string, Schema>) : {};
    const required = Array.isArray(node['required']) ? [...new Set(node['required'] as string[])] : [];
    const additional = node['additionalProperties'] === undefined ? true : (node['additionalProperties'] as Schema);
    const soft = depth >= SOFT_DEPTH;
    const stray = required.find((key) => !(key in properties));
    if (stray !== undefined && additional === false) return this.unsatisfiable('required', pointer, `required property '${stray}' is not in properties and additionalProperties is false`);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(properties)) {
      if (soft && !required.includes(key)) continue;
      if (sub === false && !required.includes(key)) continue;
      model[key] = this.build(sub, `${pointer}/properties/${escapeSegment(key)}`, depth + 1, refs);
    }
    for (const key of required) {
      if (key in properties) continue;
      model[key] = this.build(additional, `${pointer}/additionalProperties`, depth + 1, refs);
    }
    // minProperties beyond what the declared properties can give is made up with extra keys.
    const minProperties = typeof node['minProperties'] === 'number' ? node['minProperties'] : 0;
    const declared = Object.keys(model).length;
    const needExtra = Math.max(0, minProperties - declared);
    const record = fc.record(model, { requiredKeys: minProperties > required.length && needExtra === 0 ? Object.keys(model) : required, noNullPrototype: true });
    if (additional === false || (soft && needExtra === 0)) {
      if (needExtra > 0) return this.unsatisfiable('minProperties', pointer, `minProperties ${minProperties} needs more keys than properties declares with additionalProperties = false`);
      return record;
    }
    const extraKey = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter((k) => !(k in properties) && k !== '__proto__');
    const extras = fc.dictionary(extraKey, this.build(additional, `${pointer}/additionalProperties`, depth + 1, refs), { minKeys: needExtra, maxKeys: needExtra + 2, noNullPrototype: true });
    const withExtras = fc.tuple(record, extras).map(([r, e]) => ({ ...e, ...r }));
    if (needExtra > 0) return withExtras;
    return fc.oneof({ arbitrary: record, weight: 3 }, { arbitrary: withExtras, weight: 1 });
  }
}

// Integers k*step within the bounds, k in [kLo, kHi]; undefined when there are none.
function integerRange(node: Node): { kLo: number; kHi: number; step: number } | undefined {
  let lo = Number.MIN_SAFE_INTEGER;
  let hi = Number.MAX_SAFE_INTEGER;
  if (typeof node['minimum'] === 'number') lo = Math.max(lo, Math.ceil(node['minimum']));
  if (typeof node['exclusiveMinimum'] === 'number') lo = Math.max(lo, Math.floor(node['exclusiveMinimum']) + 1);
  if (typeof node['maximum'] === 'number') hi = Math.min(hi, Math.floor(node['maximum']));
  if (typeof node['exclusiveMaximum'] === 'number') hi = Math.min(hi, Math.ceil(node['exclusiveMaximum']) - 1);
  const step = typeof node['multipleOf'] === 'number' && Number.isInteger(node['multipleOf']) ? node['multipleOf'] : 1;
  const kLo = Math.ceil(lo / step);
  const kHi = Math.floor(hi / step);
  return kLo > kHi ? undefined : { kLo, kHi, step };
}

function rangeKeyword(node: Node): string {
  for (const k of ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'multipleOf']) if (k in node) return k;
  return 'type';
}

function typesOf(node: Node): JsonType[] {
  const declared = node['type'];
  if (typeof declared === 'string') return [declared as JsonType];
  if (Array.isArray(declared)) {
    const set = declared as JsonType[];
    // integer is already inside number.
    return set.includes('number') ? set.filter((t) => t !== 'integer') : set;
  }
  const hinted = new Set<JsonType>();
  for (const key of Object.keys(node)) {
    const t = TYPE_HINTS[key];
    if (t !== undefined) hinted.add(t);
  }
  return hinted.size === 0 ? [...TYPES].filter((t) => t !== 'integer') : [...hinted];
}

function hasAssertions(node: Node): boolean {
  return Object.keys(node).some((k) => !ANNOTATIONS.includes(k) && k !== '$defs' && k !== 'definitions');
}

function withoutKeys(node: Node, keys: readonly string[]): Node {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/**
 * Conjunction of schemas as one schema to generate from. Exact for the
 * keywords generation reads most (type, bounds, required, properties,
 * enum); where it is not (two patterns, additionalProperties across
 * members), the ajv check on every value keeps generation honest.
 */
export function mergeAll(schemas: readonly Schema[]): Schema {
  if (schemas.some((s) => s === false)) return false;
  const nodes = schemas.filter((s): s is Node => typeof s !== 'boolean');
  const out: Node = {};
  for (const s of nodes) {
    for (const [k, v] of Object.entries(s)) {
      if (!(k in out)) {
        out[k] = v;
        continue;
      }
      const prev = out[k];
      switch (k) {
        case 'type': {
          const a = Array.isArray(prev) ? (prev as string[]) : [prev as string];
          const b = Array.isArray(v) ? (v as string[]) : [v as string];
          const both = a.filter((t) => b.includes(t) || (t === 'integer' && b.includes('number'))).concat(b.filter((t) => t === 'integer' && a.includes('number')));
          out[k] = [...new Set(both)];
          break;
        }
        case 'required':
          out[k] = [...new Set([...(prev as string[]), ...(v as string[])])];
          break;
        case 'properties': {
          const merged: Record<string, Schema> = { ...(prev as Record<string, Schema>) };
          for (const [p, sub] of Object.entries(v as Record<string, Schema>)) merged[p] = p in merged ? { allOf: [merged[p] as Schema, sub] } : sub;
          out[k] = merged;
          break;
        }
        case 'minimum': case 'exclusiveMinimum': case 'minLength': case 'minItems': case 'minProperties':
          out[k] = Math.max(prev as number, v as number);
          break;
        case 'maximum': case 'exclusiveMaximum': case 'maxLength': case 'maxItems': case 'maxProperties':
          out[k] = Math.min(prev as number, v as number);
          break;
        case 'enum':
          out[k] = (prev as unknown[]).filter((a) => (v as unknown[]).some((b) => canonical(a) === canonical(b)));
          break;
        case 'items': case 'additionalProperties':
          out[k] = prev === false || v === false ? false : { allOf: [prev as Schema, v as Schema] };
          break;
        case 'allOf':
          out[k] = [...(prev as Schema[]), ...(v as Schema[])];
          break;
        case 'uniqueItems':
          out[k] = prev === true || v === true;
          break;
        default:
          // const, pattern, format, oneOf, anyOf, prefixItems, multipleOf: the first wins here; ajv checks the rest.
          break;
      }
    }
  }
  return out;
}

// Printable ASCII most of the time, any Unicode scalar value (no lone surrogates) otherwise.
const SURROGATES = 0xe000 - 0xd800;
const CHAR = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 0x10ffff - SURROGATES }).map((n) => String.fromCodePoint(n < 0xd800 ? n : n + SURROGATES)), weight: 1 },
);

function anyJson(depth: number): fc.Arbitrary<unknown> {
  return depth >= SOFT_DEPTH ? fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 })) : fc.jsonValue({ maxDepth: 2 });
}

function formatArbitrary(format: string): fc.Arbitrary<unknown> {
  const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
  switch (format) {
    case 'date-time':
      return date.map((d) => d.toISOString());
    case 'date':
      return date.map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return date.map((d) => d.toISOString().slice(11));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    default:
      return fc.domain();
  }
}

function dropDuplicates(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = canonical(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
