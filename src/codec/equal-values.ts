import type { FieldType, FieldValue, Signature } from './signature.js';

/**
 * Whether two field values are the same payload value: i64 and str by value,
 * bin byte for byte, f32 by bit pattern (so -0 differs from 0), except that
 * every NaN equals every NaN (JS numbers cannot carry an f32 NaN payload).
 */
export function equalFieldValues(type: FieldType, a: unknown, b: unknown): boolean {
  switch (type) {
    case 'f32':
      return typeof a === 'number' && typeof b === 'number' && (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)));
    case 'bin':
      return a instanceof Uint8Array && b instanceof Uint8Array && equalBytes(a, b);
    default:
      return a === b;
  }
}

/**
 * Index of the first field whose values differ, -1 when all are equal, or
 * `'shape'` when the lists are not value lists of the signature's length.
 * Raw signatures compare as a single value (index 0).
 */
export function firstDifference(signature: Signature, a: readonly FieldValue[] | unknown, b: readonly FieldValue[] | unknown): number | 'shape' {
  if (signature.kind === 'raw') return equalRaw(signature.framing, a, b) ? -1 : 0;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== signature.fields.length || b.length !== a.length) return 'shape';
  return signature.fields.findIndex((field, i) => !equalFieldValues(field.type, a[i], b[i]));
}

/** Whether `a` and `b` are the same values under `signature` (see {@link equalFieldValues}). */
export function equalValues(signature: Signature, a: readonly FieldValue[] | unknown, b: readonly FieldValue[] | unknown): boolean {
  return firstDifference(signature, a, b) === -1;
}

function equalRaw(framing: string, a: unknown, b: unknown): boolean {
  switch (framing) {
    case 'bytes':
      return a instanceof Uint8Array && b instanceof Uint8Array && equalBytes(a, b);
    case 'json':
      // JSON text is the value: key order is kept by parse and stringify, -0 is not.
      try {
        return JSON.stringify(a) === JSON.stringify(b);
      } catch {
        return false;
      }
    case 'none':
      return a == null && b == null;
    default:
      return a === b;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
