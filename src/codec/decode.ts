import { Buffer } from 'node:buffer';
import { CodecError, type CodecErrorCode } from './codec-error.js';
import { describeBytes } from './describe.js';
import { BIN, F32, I64, layoutOf, STR } from './_internals/layout.js';
import { plural } from './_internals/render.js';
import { firstInvalidUtf8, readUtf8 } from './_internals/utf8.js';
import type { Field, FieldValue, Signature } from './signature.js';

export interface DecodeOptions {
  /** Allow bytes after the last field (the reference SDKs ignore them); a note records it. */
  readonly lenient?: boolean;
  /** Copy bin values out of the input; by default they are views into it. */
  readonly copyBytes?: boolean;
}

export interface Decoded {
  /** Packed: one value per field. Raw: the string, bytes, JSON value, or undefined for `none`. */
  readonly values: FieldValue[] | unknown;
  /** Bytes after the last field that a lenient decode skipped; 0 otherwise. */
  readonly trailingBytes: number;
  /** Human-readable remarks, e.g. that a lenient decode was needed. */
  readonly notes: string[];
}

const TWO_32 = 2 ** 32;

/**
 * Decodes `bytes` under `signature`. Strict by default: a truncated field, a
 * negative or oversized length prefix, invalid UTF-8 in a str, and trailing
 * bytes each throw a CodecError with the field, the offset and a hex view.
 * bin values are views into `bytes` unless `copyBytes` is set.
 */
export function decode(signature: Signature, bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  if (!(bytes instanceof Uint8Array)) {
    throw new CodecError('codec-value-type', `decode needs a Uint8Array, got ${typeof bytes}`, { offset: 0, expected: 'Uint8Array' });
  }
  if (signature.kind === 'raw') return decodeRaw(signature, bytes, options);
  if (signature.kind !== 'packed') {
    throw new CodecError('codec-signature', `unknown signature kind ${JSON.stringify((signature as { kind: unknown }).kind)}`, { offset: 0, expected: 'packed | raw' });
  }
  const fields = signature.fields;
  const kinds = layoutOf(fields).kinds;
  const count = kinds.length;
  const end = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, end);
  const values: FieldValue[] = new Array<FieldValue>(count);
  const copy = options.copyBytes === true;
  const notes: string[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i];
    if (kind === I64) {
      if (end - offset < 8) throw truncated(signature, bytes, i, offset, 8, 'i64');
      values[i] = view.getBigInt64(offset, true);
      offset += 8;
    } else if (kind === F32) {
      if (end - offset < 4) throw truncated(signature, bytes, i, offset, 4, 'f32');
      const value = view.getFloat32(offset, true);
      if (value !== value) nanNote(notes, fields[i]!, i, view.getUint32(offset, true));
      values[i] = value;
      offset += 4;
    } else {
      if (end - offset < 8) throw truncated(signature, bytes, i, offset, 8, 'the length prefix');
      const high = view.getInt32(offset + 4, true);
      if (high < 0) {
        throw fieldError('codec-negative-length', signature, bytes, i, offset, 'a length prefix >= 0', `length prefix is negative (${view.getBigInt64(offset, true)})`);
      }
      const length = high * TWO_32 + view.getUint32(offset, true);
      const start = offset + 8;
      if (length > end - start) {
        throw fieldError(
          'codec-length-overflow',
          signature,
          bytes,
          i,
          offset,
          `at most ${end - start} bytes after the prefix`,
          `length prefix says ${view.getBigInt64(offset, true)} bytes but only ${end - start} follow`,
        );
      }
      const stop = start + length;
      if (kind === STR) {
        const text = readUtf8(bytes, start, stop);
        if (text === undefined) {
          const bad = start + firstInvalidUtf8(bytes, start, stop);
          throw fieldError('codec-invalid-utf8', signature, bytes, i, bad, 'valid UTF-8', `invalid UTF-8 in the string at byte ${bad} (${bad - start} into the string)`);
        }
        values[i] = text;
      } else if (kind === BIN) {
        values[i] = copy ? copyRange(bytes, start, stop) : bytes.subarray(start, stop);
      }
      offset = stop;
    }
  }
  const trailing = end - offset;
  if (trailing > 0) {
    if (options.lenient !== true) {
      throw new CodecError(
        'codec-trailing-bytes',
        `${plural(trailing, 'trailing byte')} at offset ${offset} after the last field (expected the payload to end there)\n${describeBytes(signature, bytes)}`,
        { offset, expected: `end of payload at offset ${offset}` },
      );
    }
    notes.push(`lenient decode: ignored ${plural(trailing, 'trailing byte')} at offset ${offset}`);
  }
  return { values, trailingBytes: trailing, notes };
}

// Large copies skip the zero-fill of a fresh ArrayBuffer; every byte is overwritten.
function copyRange(bytes: Uint8Array, start: number, stop: number): Uint8Array {
  const length = stop - start;
  if (length < 4096) return bytes.slice(start, stop);
  const out = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
  out.set(bytes.subarray(start, stop));
  return out;
}

// A JS number holds only the quiet NaN, so any other NaN bit pattern changes if re-encoded.
function nanNote(notes: string[], field: Field, index: number, bits: number): void {
  if ((bits & 0x7fffffff) === 0x7fc00000) return;
  notes.push(`field #${index} "${field.name}": f32 NaN with bits 0x${bits.toString(16).padStart(8, '0')} reads as NaN; re-encoding writes 0x7fc00000`);
}

function decodeRaw(signature: Signature & { kind: 'raw' }, bytes: Uint8Array, options: DecodeOptions): Decoded {
  const notes: string[] = [];
  switch (signature.framing) {
    case 'string':
      return { values: rawText(signature, bytes), trailingBytes: 0, notes };
    case 'bytes':
      return { values: options.copyBytes === true ? copyRange(bytes, 0, bytes.length) : bytes, trailingBytes: 0, notes };
    case 'json': {
      const text = rawText(signature, bytes);
      try {
        return { values: JSON.parse(text) as unknown, trailingBytes: 0, notes };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        // V8 does not say where JSON.parse stopped, except at the end.
        const offset = /end of JSON input/.test(reason) ? bytes.length : 0;
        throw new CodecError('codec-invalid-json', `raw json at offset ${offset}: ${reason}\n${describeBytes(signature, bytes)}`, {
          offset,
          expected: 'JSON text',
          cause: error,
        });
      }
    }
    case 'none':
      if (bytes.length > 0) {
        if (options.lenient !== true) {
          throw new CodecError('codec-trailing-bytes', `${plural(bytes.length, 'byte')} at offset 0 where no payload was expected\n${describeBytes(signature, bytes)}`, {
            offset: 0,
            expected: 'an empty payload',
          });
        }
        notes.push(`lenient decode: ignored ${plural(bytes.length, 'trailing byte')} at offset 0`);
      }
      return { values: undefined, trailingBytes: bytes.length, notes };
    default:
      throw new CodecError('codec-signature', `unknown raw framing ${JSON.stringify(signature.framing)}`, { offset: 0, expected: 'string | bytes | json | none' });
  }
}

function rawText(signature: Signature, bytes: Uint8Array): string {
  const text = readUtf8(bytes, 0, bytes.length);
  if (text !== undefined) return text;
  const bad = firstInvalidUtf8(bytes, 0, bytes.length);
  throw new CodecError('codec-invalid-utf8', `invalid UTF-8 at offset ${bad}\n${describeBytes(signature, bytes)}`, { offset: bad, expected: 'valid UTF-8' });
}

function truncated(signature: Signature & { kind: 'packed' }, bytes: Uint8Array, index: number, offset: number, need: number, what: string): CodecError {
  const left = bytes.length - offset;
  return fieldError('codec-truncated', signature, bytes, index, offset, `${need} bytes for ${what}`, `needs ${need} bytes for ${what}, only ${left} left`);
}

function fieldError(
  code: CodecErrorCode,
  signature: Signature & { kind: 'packed' },
  bytes: Uint8Array,
  index: number,
  offset: number,
  expected: string,
  problem: string,
): CodecError {
  const field: Field = signature.fields[index]!;
  return new CodecError(code, `field #${index} "${field.name}" (${field.type}) at offset ${offset}: ${problem}\n${describeBytes(signature, bytes)}`, {
    fieldIndex: index,
    fieldName: field.name,
    offset,
    expected,
  });
}
