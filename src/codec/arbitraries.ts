import fc from 'fast-check';
import { longestEdge } from './_internals/longest-edge.js';
import { FIELD_TYPES, type Field, type FieldValue, type Signature } from './signature.js';

export { equalValues } from './equal-values.js';

/** Generator limits for one field, as a suite author writes them. */
export interface FieldConstraints {
  /** i64 / f32 lower bound (inclusive). */
  readonly min?: number | bigint;
  /** i64 / f32 upper bound (inclusive). */
  readonly max?: number | bigint;
  /** str: most code points; bin: most bytes. */
  readonly maxLength?: number;
  /** str: only these characters (code points). */
  readonly alphabet?: string;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
// Where narrower integer types and JS numbers break: i32, u32 and 2^53 boundaries.
const I64_EDGES = [I64_MIN, I64_MAX, 0n, -1n, 1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n, 2n ** 53n + 1n, -(2n ** 53n) - 1n];
const F32_MAX = 3.4028234663852886e38;
const F32_EDGES = [
  0,
  -0,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  1,
  -1,
  1.401298464324817e-45, // smallest subnormal
  -1.401298464324817e-45,
  1.1754942106924411e-38, // largest subnormal
  1.1754943508222875e-38, // smallest normal
  F32_MAX,
  -F32_MAX,
];
const STR_EDGES = ['', 'é', '€', '𝄞', '\u0000', '\ufeff', 'a\u0301', 'ß日本語🎉'];
const DEFAULT_MAX_LENGTH = 32;
const BIG_BIN = 64 * 1024;

function toBigInt(value: number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
}

// Cheap filler so a 64 KiB edge case does not cost 65,536 generated integers.
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// Any Unicode scalar value (no lone surrogates, which UTF-8 cannot carry).
// Built by hand: fast-check's own `fc.string({ unit: 'binary' })` spends
// ~600 ms of a process's life building its first instance.
const SURROGATES = 0xe000 - 0xd800;
const scalarValue = fc
  .integer({ min: 0, max: 0x10ffff - SURROGATES })
  .map((n) => String.fromCodePoint(n < 0xd800 ? n : n + SURROGATES));

// Lengths spread over the whole declared range (`size: 'max'`): fast-check's
// default size keeps arrays and strings short whatever maxLength says, so a
// bug that needs long inputs would hide within a usual run budget.
function anyString(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  return fc.array(scalarValue, { minLength, maxLength, size: 'max' }).map((chars) => chars.join(''));
}

// Edge values and, when given, inputs of exactly the longest declared length
// each take a share of the runs beside the general generator.
function withEdges<T>(edges: readonly T[], general: fc.Arbitrary<T>, longest?: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const parts: fc.WeightedArbitrary<T>[] = [{ arbitrary: general, weight: 3 }];
  if (edges.length > 0) parts.push({ arbitrary: fc.constantFrom(...edges), weight: 1 });
  if (longest !== undefined) parts.push({ arbitrary: longest, weight: 1 });
  return parts.length === 1 ? general : fc.oneof(...parts);
}

/**
 * A fast-check arbitrary for one field's values, with the type's edge values
 * biased in: i64 min/max/0/-1 and the 32/53-bit boundaries; f32 ±0, ±Infinity,
 * NaN, subnormals and ±max; empty, multi-byte and astral strings; empty,
 * one-byte and 64 KiB bins. Constraints narrow ranges and lengths.
 */
export function fieldArbitrary(field: Pick<Field, 'type'>, constraints: FieldConstraints = {}): fc.Arbitrary<FieldValue> {
  switch (field.type) {
    case 'i64': {
      const min = constraints.min === undefined ? I64_MIN : toBigInt(constraints.min);
      const max = constraints.max === undefined ? I64_MAX : toBigInt(constraints.max);
      const edges = [...new Set([...I64_EDGES, min, max])].filter((v) => v >= min && v <= max);
      return withEdges(edges, fc.bigInt({ min, max }));
    }
    case 'f32': {
      const bounded = constraints.min !== undefined || constraints.max !== undefined;
      const min = constraints.min === undefined ? -F32_MAX : Math.fround(Number(constraints.min));
      const max = constraints.max === undefined ? F32_MAX : Math.fround(Number(constraints.max));
      const general = bounded ? fc.float({ min, max, noNaN: true }) : fc.float();
      const edges = bounded ? [...new Set([...F32_EDGES, min, max])].filter((v) => v >= min && v <= max) : F32_EDGES;
      return withEdges(edges, general);
    }
    case 'str': {
      const maxLength = constraints.maxLength ?? DEFAULT_MAX_LENGTH;
      if (constraints.alphabet !== undefined) {
        const chars = [...new Set(Array.from(constraints.alphabet))];
        if (chars.length === 0) return fc.constant('');
        const unit = fc.constantFrom(...chars);
        return withEdges([''], fc.string({ unit, maxLength, size: 'max' }), maxLength > 0 ? longestEdge(fc.string({ unit, minLength: maxLength, maxLength })) : undefined);
      }
      const general = fc.oneof(anyString(maxLength), fc.string({ unit: 'grapheme', maxLength }));
      // maxLength counts code points, as a suite author reads "characters".
      return withEdges(
        STR_EDGES.filter((s) => Array.from(s).length <= maxLength),
        general.filter((s) => Array.from(s).length <= maxLength),
        maxLength > 0 ? longestEdge(anyString(maxLength, maxLength)) : undefined,
      );
    }
    case 'bin': {
      const maxLength = constraints.maxLength ?? DEFAULT_MAX_LENGTH;
      const edges: fc.Arbitrary<Uint8Array>[] = [fc.constant(new Uint8Array(0))];
      if (maxLength >= 1) edges.push(fc.constantFrom(new Uint8Array([0]), new Uint8Array([0xff])));
      // Exactly the longest declared length (the 64 KiB edge below covers an undeclared one).
      if (maxLength >= 1 && constraints.maxLength !== undefined && maxLength <= BIG_BIN) edges.push(longestEdge(fc.integer().map((seed) => pseudoRandomBytes(maxLength, seed))));
      const big = constraints.maxLength === undefined ? BIG_BIN : Math.min(maxLength, BIG_BIN);
      if (big > DEFAULT_MAX_LENGTH) edges.push(fc.integer().map((seed) => pseudoRandomBytes(big, seed)));
      return fc.oneof({ arbitrary: fc.oneof(...edges), weight: 1 }, { arbitrary: fc.uint8Array({ maxLength, size: 'max' }), weight: 3 });
    }
    default:
      throw new TypeError(`unknown field type ${JSON.stringify((field as { type: unknown }).type)}`);
  }
}

/**
 * Values for a whole signature: a value list for packed signatures (constraints
 * by field name), one value for raw ones (constraints under `value`, or the
 * only entry): a string, bytes, any JSON value, or undefined for `none`.
 */
export function valuesArbitrary(signature: Signature, constraints: Readonly<Record<string, FieldConstraints>> = {}): fc.Arbitrary<FieldValue[] | unknown> {
  if (signature.kind === 'packed') {
    return fc.tuple(...signature.fields.map((f) => fieldArbitrary(f, constraints[f.name]))).map((values) => values as FieldValue[]);
  }
  const entries = Object.values(constraints);
  const own = constraints['value'] ?? (entries.length === 1 ? entries[0] : undefined);
  switch (signature.framing) {
    case 'string':
      return fieldArbitrary({ type: 'str' }, own);
    case 'bytes':
      return fieldArbitrary({ type: 'bin' }, own);
    case 'json':
      return fc.jsonValue();
    default:
      return fc.constant(undefined);
  }
}

/** Packed signatures of `minFields`..`maxFields` (default 0..16) fields named f0, f1, …, any mix of types. */
export function signatureArbitrary(options: { minFields?: number; maxFields?: number } = {}): fc.Arbitrary<Signature> {
  return fc
    .array(fc.constantFrom(...FIELD_TYPES), { minLength: options.minFields ?? 0, maxLength: options.maxFields ?? 16, size: 'max' })
    .map((types): Signature => ({ kind: 'packed', fields: types.map((type, i) => ({ name: `f${i}`, type })) }));
}
