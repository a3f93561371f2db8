import { Buffer } from 'node:buffer';
import { CodecError } from './codec-error.js';
import { F32, I64, layoutOf, STR } from './_internals/layout.js';
import { describeJsValue } from './_internals/render.js';
import { loneSurrogateIndex, utf8Length, writeUtf8 } from './_internals/utf8.js';
import type { Field, FieldValue, Signature } from './signature.js';

export interface EncodeOptions {
  /** Receives one line per lossy step, e.g. an f32 value rounded by Math.fround. */
  readonly notes?: string[];
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const TWO_32 = 2 ** 32;
// Above this size the zero-fill of a fresh ArrayBuffer shows up; every byte is written anyway.
const UNINITIALISED_FROM = 4096;

// Second-pass scratch: UTF-8 lengths measured in the first pass. Encoding is
// synchronous, so one module-level array is never shared by two calls.
let scratch = new Float64Array(16);

/**
 * Encodes `values` under `signature`.
 * Packed: an array with one value per field (i64 bigint or safe-integer number,
 * f32 number, str string, bin Uint8Array). Raw: a string, a Uint8Array, any
 * JSON value, or undefined for `none`. Always returns a fresh buffer of exact size.
 * @throws CodecError `codec-value-type` when a value does not fit its field.
 */
export function encode(signature: Signature, values: readonly FieldValue[] | unknown, options: EncodeOptions = {}): Uint8Array {
  if (signature.kind === 'raw') return encodeRaw(signature.framing, values);
  if (signature.kind !== 'packed') {
    throw new CodecError('codec-signature', `unknown signature kind ${JSON.stringify((signature as { kind: unknown }).kind)}`, { offset: 0, expected: 'packed | raw' });
  }
  return encodePacked(signature.fields, values, options.notes);
}

function encodePacked(fields: readonly Field[], values: unknown, notes: string[] | undefined): Uint8Array {
  const layout = layoutOf(fields);
  const kinds = layout.kinds;
  const count = kinds.length;
  if (!Array.isArray(values) || values.length !== count) {
    const got = Array.isArray(values) ? `${values.length} values` : describeJsValue(values);
    throw new CodecError('codec-value-type', `expected an array of ${count} values for ${count} fields, got ${got}`, { offset: 0, expected: `${count} values` });
  }
  if (scratch.length < count) scratch = new Float64Array(count * 2);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const value: unknown = values[i];
    switch (kinds[i]) {
      case I64:
        if (typeof value === 'bigint') {
          if (value < I64_MIN || value > I64_MAX) throw valueError(fields, i, size, 'an i64 in [-2^63, 2^63-1]', value);
        } else if (!(typeof value === 'number' && Number.isSafeInteger(value))) {
          throw valueError(fields, i, size, 'a bigint (or safe integer number) for i64', value);
        }
        size += 8;
        break;
      case F32:
        if (typeof value !== 'number') throw valueError(fields, i, size, 'a number for f32', value);
        if (notes !== undefined && Math.fround(value) !== value && !Number.isNaN(value)) {
          notes.push(`field #${i} "${fields[i]!.name}": ${value} is not exactly representable as f32; sent ${Math.fround(value)}`);
        }
        size += 4;
        break;
      case STR: {
        if (typeof value !== 'string') throw valueError(fields, i, size, 'a string for str', value);
        const length = utf8Length(value);
        if (length < 0) {
          throw valueError(fields, i, size, 'a well-formed string (UTF-8 cannot carry a lone surrogate)', value, `lone surrogate at index ${loneSurrogateIndex(value)}`);
        }
        scratch[i] = length;
        size += 8 + length;
        break;
      }
      default: {
        if (!(value instanceof Uint8Array)) throw valueError(fields, i, size, 'a Uint8Array for bin', value);
        // `.length`, not `.byteLength`: V8 inlines the first; the second measured ~30 ns a call here.
        scratch[i] = value.length;
        size += 8 + value.length;
      }
    }
  }
  // An exact-size ArrayBuffer of its own: @extism/extism 1.0.3 sends a view's whole backing buffer.
  const backing = size >= UNINITIALISED_FROM ? Buffer.allocUnsafeSlow(size).buffer : new ArrayBuffer(size);
  const out = new Uint8Array(backing);
  const view = new DataView(backing);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i] as FieldValue;
    switch (kinds[i]) {
      case I64:
        view.setBigInt64(offset, typeof value === 'bigint' ? value : BigInt(value as number), true);
        offset += 8;
        break;
      case F32:
        view.setFloat32(offset, value as number, true);
        offset += 4;
        break;
      case STR: {
        const length = scratch[i]!;
        view.setUint32(offset, length >>> 0, true);
        view.setUint32(offset + 4, length > 0xffffffff ? Math.floor(length / TWO_32) : 0, true);
        writeUtf8(value as string, length, out, offset + 8);
        offset += 8 + length;
        break;
      }
      default: {
        const bytes = value as Uint8Array;
        const length = bytes.length;
        view.setUint32(offset, length >>> 0, true);
        view.setUint32(offset + 4, length > 0xffffffff ? Math.floor(length / TWO_32) : 0, true);
        out.set(bytes, offset + 8);
        offset += 8 + length;
      }
    }
  }
  return out;
}

function encodeRaw(framing: string, value: unknown): Uint8Array {
  switch (framing) {
    case 'string': {
      if (typeof value !== 'string') throw rawValueError(framing, 'a string', value);
      const length = utf8Length(value);
      if (length < 0) throw rawValueError(framing, 'a well-formed string (UTF-8 cannot carry a lone surrogate)', value, `lone surrogate at index ${loneSurrogateIndex(value)}`);
      return stringBytes(value, length);
    }
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw rawValueError(framing, 'a Uint8Array', value);
      return new Uint8Array(value);
    case 'json': {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        throw rawValueError(framing, 'a JSON-serialisable value', value, error instanceof Error ? error.message : String(error));
      }
      if (text === undefined) throw rawValueError(framing, 'a JSON-serialisable value', value);
      return stringBytes(text, utf8Length(text));
    }
    case 'none':
      if (value !== undefined && value !== null) throw rawValueError(framing, 'no value (undefined)', value);
      return new Uint8Array(0);
    default:
      throw new CodecError('codec-signature', `unknown raw framing ${JSON.stringify(framing)}`, { offset: 0, expected: 'string | bytes | json | none' });
  }
}

function stringBytes(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  writeUtf8(text, length, out, 0);
  return out;
}

function valueError(fields: readonly Field[], index: number, offset: number, expected: string, value: unknown, detail?: string): CodecError {
  const field = fields[index]!;
  return new CodecError(
    'codec-value-type',
    `cannot encode field #${index} "${field.name}" (${field.type}) at offset ${offset}: expected ${expected}, got ${describeJsValue(value)}${detail === undefined ? '' : ` (${detail})`}`,
    { fieldIndex: index, fieldName: field.name, offset, expected },
  );
}

function rawValueError(framing: string, expected: string, value: unknown, detail?: string): CodecError {
  return new CodecError(
    'codec-value-type',
    `cannot encode raw ${framing}: expected ${expected}, got ${describeJsValue(value)}${detail === undefined ? '' : ` (${detail})`}`,
    { offset: 0, expected },
  );
}
