import { Buffer } from 'node:buffer';
import { CodecError } from './codec-error.js';
import { fromHex, toHex } from './_internals/render.js';
import type { FieldValue, Signature } from './signature.js';

/** Longest bin rendered in full by {@link valuesToJson}; longer ones keep a prefix. */
export const JSON_HEX_LIMIT = 4096;

/**
 * Turns decoded values into plain JSON for reports: bigint → decimal string,
 * Uint8Array → `{ hex, length }` (hex cut at {@link JSON_HEX_LIMIT} bytes with
 * `truncated: true`), NaN / ±Infinity / -0 → `{ number: "NaN" }` and so on,
 * undefined → null. Works on a value list or on a single raw value.
 */
export function valuesToJson(values: readonly FieldValue[] | unknown): unknown {
  return toJson(values);
}

function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { number: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value instanceof Uint8Array) {
    if (value.byteLength <= JSON_HEX_LIMIT) return { hex: toHex(value), length: value.byteLength };
    return { hex: toHex(value.subarray(0, JSON_HEX_LIMIT)), length: value.byteLength, truncated: true };
  }
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

/**
 * The inverse of {@link valuesToJson} for a packed signature, also accepting
 * what a suite author writes by hand: i64 as number, bigint or decimal string;
 * f32 as number or `{ number: "NaN" }`; str as string; bin as `{ hex }` or
 * `{ base64 }`. Raw signatures: string, `{ hex }` / `{ base64 }` for bytes,
 * any JSON for json, null for none. Used to replay counterexamples from a report.
 * @throws CodecError `codec-value-type` naming the field that does not fit.
 */
export function valuesFromJson(signature: Signature, json: unknown): FieldValue[] | unknown {
  if (signature.kind === 'raw') {
    switch (signature.framing) {
      case 'bytes':
        return binFromJson(json, 'raw bytes');
      case 'none':
        return undefined;
      case 'string':
        if (typeof json !== 'string') throw jsonError('raw string', 'a string', json);
        return json;
      default:
        return json;
    }
  }
  if (!Array.isArray(json) || json.length !== signature.fields.length) {
    throw jsonError('values', `an array of ${signature.fields.length} values`, json);
  }
  return signature.fields.map((field, index) => {
    const value: unknown = json[index];
    const where = `field #${index} "${field.name}" (${field.type})`;
    switch (field.type) {
      case 'i64':
        if (typeof value === 'bigint') return value;
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
        if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
        throw jsonError(where, 'an integer (number, bigint or decimal string)', value, index);
      case 'f32':
        if (typeof value === 'number') return value;
        if (isTagged(value, 'number')) {
          const n = Number(value.number);
          if (!Number.isNaN(n) || value.number === 'NaN') return n;
        }
        throw jsonError(where, 'a number or { number: "NaN" | "Infinity" | "-Infinity" | "-0" }', value, index);
      case 'str':
        if (typeof value === 'string') return value;
        throw jsonError(where, 'a string', value, index);
      default:
        return binFromJson(value, where, index);
    }
  });
}

function isTagged<K extends string>(value: unknown, key: K): value is Record<K, string> {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[key] === 'string';
}

function binFromJson(value: unknown, where: string, index?: number): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (isTagged(value, 'hex')) {
    const bytes = fromHex(value.hex);
    if (bytes !== undefined) {
      if ((value as { truncated?: unknown }).truncated === true) throw jsonError(where, 'complete bytes (this hex was truncated for the report)', value, index);
      return bytes;
    }
  }
  if (isTagged(value, 'base64') && /^[A-Za-z0-9+/]*={0,2}$/.test(value.base64)) return new Uint8Array(Buffer.from(value.base64, 'base64'));
  throw jsonError(where, '{ hex: "..." } or { base64: "..." }', value, index);
}

function jsonError(where: string, expected: string, value: unknown, index?: number): CodecError {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return new CodecError('codec-value-type', `${where}: expected ${expected}, got ${shown}`, { fieldIndex: index, offset: 0, expected });
}
