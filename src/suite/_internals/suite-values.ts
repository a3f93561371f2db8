import type { FieldType, RawFraming } from '../../codec/signature.js';
import type { SuiteValue } from '../suite.js';

export type ValueConversion = { readonly ok: true; readonly value: SuiteValue } | { readonly ok: false; readonly expected: string };

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

const encoder = new TextEncoder();

// `{ hex = "00 ff" }` → bytes; separators (space, underscore, newline) are allowed between byte pairs.
export function hexToBytes(hex: string): Uint8Array | undefined {
  const clean = hex.replace(/[\s_]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function isHexTable(value: unknown): value is { hex: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { hex?: unknown }).hex === 'string' && Object.keys(value).length === 1;
}

// Parses an i64 written as a TOML integer or (beyond 2^53, which TOML parsers reject) as a decimal string.
export function toI64(value: unknown): bigint | undefined {
  let big: bigint | undefined;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) big = BigInt(value.trim());
  if (big === undefined || big < I64_MIN || big > I64_MAX) return undefined;
  return big;
}

export function convertField(type: FieldType, value: unknown): ValueConversion {
  switch (type) {
    case 'i64': {
      const big = toI64(value);
      return big === undefined ? { ok: false, expected: 'an i64: an integer, or a decimal string for values beyond ±2^53' } : { ok: true, value: big };
    }
    case 'f32':
      if (typeof value === 'number') return { ok: true, value };
      return { ok: false, expected: 'an f32: a TOML float or integer (nan and inf allowed)' };
    case 'str':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: false, expected: 'a str: a TOML string' };
    case 'bin':
      return convertBytes(value, 'a bin');
  }
}

function convertBytes(value: unknown, what: string): ValueConversion {
  if (typeof value === 'string') return { ok: true, value: encoder.encode(value) };
  if (isHexTable(value)) {
    const bytes = hexToBytes(value.hex);
    if (bytes !== undefined) return { ok: true, value: bytes };
  }
  return { ok: false, expected: `${what}: { hex = "…" } (pairs of hex digits) or a string taken as UTF-8` };
}

// Converts a raw input value for a framing; `undefined` means the key was absent.
export function convertRaw(framing: RawFraming, value: unknown): ValueConversion {
  switch (framing) {
    case 'string':
      if (value === undefined) return { ok: true, value: '' };
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'a string (the function takes raw string input)' };
    case 'bytes':
      if (value === undefined) return { ok: true, value: new Uint8Array() };
      return convertBytes(value, 'bytes');
    case 'json':
      if (value === undefined) return { ok: false, expected: 'an input value (the function takes JSON input)' };
      return { ok: true, value: toJsonValue(value) };
    case 'none':
      return value === undefined ? { ok: true, value: '' } : { ok: false, expected: 'no input (the function takes none)' };
  }
}

// TOML dates become ISO strings; everything else TOML produces is JSON already.
export function toJsonValue(value: unknown): SuiteValue {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value as SuiteValue;
}
