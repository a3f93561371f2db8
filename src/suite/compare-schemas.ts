/**
 * How a JSON Schema changed between two suite versions, judged by a
 * conservative, structural rule (docs/suite-packages.md, "Schema changes"):
 *
 * - `same`: equal once annotations (title, description, examples, default,
 *   $comment, deprecated, readOnly, writeOnly) are ignored;
 * - `widened`: provably every value the old schema accepts, the new one
 *   accepts too (so a conforming keg keeps conforming);
 * - `narrowed`: provably the reverse (the new schema accepts less);
 * - `unknown`: neither could be shown. Callers treat it as narrowing.
 *
 * The proof walks both schemas keyword by keyword. A keyword it does not
 * understand (allOf, anyOf, $ref, if/then, pattern changes...) proves
 * nothing unless it is equal on both sides.
 */
export type SchemaChange = 'same' | 'widened' | 'narrowed' | 'unknown';

const ANNOTATIONS = new Set(['title', 'description', 'examples', 'default', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
// Keywords whose effect this rule understands; any other must be equal on both sides.
const UNDERSTOOD = new Set([...LOWER_BOUNDS, ...UPPER_BOUNDS, 'type', 'required', 'properties', 'additionalProperties', 'items', 'enum', 'const']);

function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !ANNOTATIONS.has(key))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => [key, key === 'properties' || key === '$defs' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strip(v)]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1))) : strip(value)]),
  );
}

/** Deep equality of JSON values, object key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}

function isTrivial(schema: unknown): boolean {
  if (schema === true) return true;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  return Object.keys(strip(schema) as object).length === 0;
}

function types(schema: Record<string, unknown>): Set<string> | undefined {
  const t = schema['type'];
  if (t === undefined) return undefined;
  return new Set(Array.isArray(t) ? (t as string[]) : [t as string]);
}

// True when every value the type list `inner` allows, `outer` allows too.
function typesWithin(inner: Set<string>, outer: Set<string>): boolean {
  for (const t of inner) if (!outer.has(t) && !(t === 'integer' && outer.has('number'))) return false;
  return true;
}

/**
 * True when it can be shown that every value `a` accepts, `b` accepts
 * (a ⊆ b). False means "not shown", not "false".
 */
export function provablySubschema(a: unknown, b: unknown): boolean {
  if (isTrivial(b)) return true;
  if (a === false) return true;
  if (typeof a !== 'object' || a === null || Array.isArray(a) || typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const sa = strip(a) as Record<string, unknown>;
  const sb = strip(b) as Record<string, unknown>;
  if (jsonEqual(sa, sb)) return true;
  // Every keyword b does not understand must be in a, unchanged.
  for (const key of Object.keys(sb)) if (!UNDERSTOOD.has(key) && !jsonEqual(sa[key], sb[key])) return false;
  // A keyword a does not understand may constrain in ways that interact with others
  // (allOf, $ref, if/then...): dropping it is widening only when it is a plain assertion,
  // which this rule cannot tell, so b must keep it unchanged.
  for (const key of Object.keys(sa)) if (!UNDERSTOOD.has(key) && !jsonEqual(sa[key], sb[key])) return false;

  const tb = types(sb);
  if (tb !== undefined) {
    const ta = types(sa);
    if (ta === undefined || !typesWithin(ta, tb)) return false;
  }
  for (const key of LOWER_BOUNDS) {
    if (sb[key] === undefined) continue;
    if (typeof sa[key] !== 'number' || (sb[key] as number) > (sa[key] as number)) return false;
  }
  for (const key of UPPER_BOUNDS) {
    if (sb[key] === undefined) continue;
    if (typeof sa[key] !== 'number' || (sb[key] as number) < (sa[key] as number)) return false;
  }
  if (sb['required'] !== undefined) {
    const ra = new Set((sa['required'] as string[] | undefined) ?? []);
    if (!(sb['required'] as string[]).every((name) => ra.has(name))) return false;
  }
  if (sb['const'] !== undefined && !jsonEqual(sa['const'], sb['const'])) return false;
  if (sb['enum'] !== undefined) {
    const allowed = sb['enum'] as unknown[];
    const values = sa['const'] !== undefined ? [sa['const']] : (sa['enum'] as unknown[] | undefined);
    if (values === undefined || !values.every((v) => allowed.some((w) => jsonEqual(v, w)))) return false;
  }
  if (sb['items'] !== undefined && !provablySubschema(sa['items'] ?? true, sb['items'])) return false;

  const pa = (sa['properties'] ?? {}) as Record<string, unknown>;
  const pb = (sb['properties'] ?? {}) as Record<string, unknown>;
  const extraA = sa['additionalProperties'] ?? true;
  for (const [name, schemaB] of Object.entries(pb)) {
    // A property a does not list is governed by a's additionalProperties.
    if (!provablySubschema(name in pa ? pa[name] : extraA, schemaB)) return false;
  }
  const extraB = sb['additionalProperties'];
  if (extraB !== undefined && !isTrivial(extraB)) {
    // Every property a allows beyond b's list must satisfy b's additionalProperties.
    for (const [name, schemaA] of Object.entries(pa)) if (!(name in pb) && !provablySubschema(schemaA, extraB)) return false;
    if (!provablySubschema(extraA, extraB)) return false;
  }
  return true;
}

/** Classifies the change from `before` to `after` (either may be undefined: no schema, anything goes). */
export function compareSchemas(before: unknown, after: unknown): SchemaChange {
  const a = before ?? true;
  const b = after ?? true;
  if (jsonEqual(strip(a), strip(b))) return 'same';
  const wider = provablySubschema(a, b);
  const narrower = provablySubschema(b, a);
  // Both ways: the same values, written differently (a reordered type list, enum or required).
  if (wider && narrower) return 'same';
  if (wider) return 'widened';
  if (narrower) return 'narrowed';
  return 'unknown';
}
