import fc from 'fast-check';
import type { CompiledSchema } from './json-schema-validator.js';

/** How a valid input was broken. */
export type MutationKind = 'missing-required' | 'wrong-type' | 'out-of-range' | 'extra-key' | 'malformed-json';

/** Ordered so shrinking moves toward the plainest mistakes first. */
export const MUTATION_KINDS: readonly MutationKind[] = ['missing-required', 'wrong-type', 'out-of-range', 'extra-key', 'malformed-json'];

/** The rule an invalid input breaks: the mutation, and ajv's keyword and places (none for malformed JSON). */
export interface BrokenRule {
  readonly mutation: MutationKind;
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly message: string;
}

/** An input that breaks the schema, made from a valid one. */
export interface InvalidInput {
  /** The UTF-8 bytes to send. */
  readonly bytes: Uint8Array;
  /** The JSON text sent, or the parsed value for display when it is JSON. */
  readonly value: unknown;
  readonly broke: BrokenRule;
}

type Path = readonly (string | number)[];
interface Spot {
  readonly path: Path;
  readonly value: unknown;
}

const utf8 = new TextEncoder();
const EXTRA_KEYS = ['extra', 'kegcheck_unexpected', ''];
const OTHER_TYPES: readonly unknown[] = [null, true, 0, -1.5, '', 'x', [], {}];

/**
 * Inputs that violate the schema, each made by breaking a value from `valid`
 * in one way (a required key removed, a value of the wrong type, a number
 * pushed out of range, an unexpected key, or truncated JSON text). A value
 * mutation that happens to stay valid falls back to malformed JSON, so every
 * input is invalid. Shrinks through the valid value and the choices.
 */
export function invalidInputArbitrary(valid: fc.Arbitrary<unknown>, compiled: CompiledSchema): fc.Arbitrary<InvalidInput> {
  return fc
    .tuple(valid, fc.constantFrom(...MUTATION_KINDS), fc.nat(), fc.nat())
    .map(([value, kind, pick, variant]) => mutate(value, kind, pick, variant, compiled));
}

export function mutate(value: unknown, kind: MutationKind, pick: number, variant: number, compiled: CompiledSchema): InvalidInput {
  if (kind !== 'malformed-json') {
    for (const candidate of candidates(value, kind, pick, variant)) {
      const violations = compiled.violations(candidate);
      // A removed key must break `required` itself, not something beside it.
      const first = kind === 'missing-required' ? violations.find((v) => v.keyword === 'required') : violations[0];
      if (first === undefined) continue;
      return {
        bytes: utf8.encode(JSON.stringify(candidate)),
        value: candidate,
        broke: { mutation: kind, keyword: first.keyword, instancePath: first.instancePath, schemaPath: first.schemaPath, message: first.message },
      };
    }
  }
  return malformed(value, pick);
}

function malformed(value: unknown, pick: number): InvalidInput {
  const text = JSON.stringify(value);
  let cut = text.slice(0, text.length === 0 ? 0 : pick % text.length);
  // A cut that still parses ("12" from "123") gets a stray bracket.
  if (parses(cut)) cut += ']';
  let reason = 'not JSON';
  try {
    JSON.parse(cut);
  } catch (error) {
    reason = error instanceof Error ? error.message : reason;
  }
  return { bytes: utf8.encode(cut), value: cut, broke: { mutation: 'malformed-json', keyword: 'json', instancePath: '', schemaPath: '', message: reason } };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Candidate mutations of one kind, starting from a chosen place, each tried until one breaks the schema.
function* candidates(value: unknown, kind: Exclude<MutationKind, 'malformed-json'>, pick: number, variant: number): Generator<unknown> {
  const spots = spotsOf(value);
  const n = spots.length;
  for (let s = 0; s < n; s++) {
    const spot = spots[(pick + s) % n] as Spot;
    const v = spot.value;
    switch (kind) {
      case 'missing-required':
        if (isObject(v)) {
          const keys = Object.keys(v);
          for (let k = 0; k < keys.length; k++) {
            const key = keys[(variant + k) % keys.length] as string;
            const copy = { ...v };
            delete copy[key];
            yield replaceAt(value, spot.path, copy);
          }
        }
        break;
      case 'wrong-type':
        for (let t = 0; t < OTHER_TYPES.length; t++) {
          const other = OTHER_TYPES[(variant + t) % OTHER_TYPES.length];
          if (jsonType(other) !== jsonType(v)) yield replaceAt(value, spot.path, other);
        }
        break;
      case 'out-of-range':
        if (typeof v === 'number') {
          const pushed = [v + 1e9, v - 1e9, v + 0.5, -v - 1, 1e300, -1e300];
          for (let t = 0; t < pushed.length; t++) yield replaceAt(value, spot.path, pushed[(variant + t) % pushed.length]);
        } else if (typeof v === 'string') {
          yield replaceAt(value, spot.path, `${v}${'x'.repeat(64)}`);
          if (v.length > 0) yield replaceAt(value, spot.path, '');
        } else if (Array.isArray(v)) {
          yield replaceAt(value, spot.path, [...v, ...v, ...v, ...(v.length === 0 ? [null] : [])]);
          if (v.length > 0) yield replaceAt(value, spot.path, []);
        }
        break;
      case 'extra-key':
        if (isObject(v)) {
          for (let t = 0; t < EXTRA_KEYS.length; t++) {
            const key = EXTRA_KEYS[(variant + t) % EXTRA_KEYS.length] as string;
            if (!(key in v)) yield replaceAt(value, spot.path, { ...v, [key]: OTHER_TYPES[variant % OTHER_TYPES.length] });
          }
        }
        break;
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// Every node of a JSON value, root first.
function spotsOf(value: unknown): Spot[] {
  const out: Spot[] = [];
  const walk = (v: unknown, path: Path): void => {
    out.push({ path, value: v });
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i]));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
  };
  walk(value, []);
  return out;
}

function replaceAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const copy = { ...(root as Record<string, unknown>) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}
