import type { Signature } from '../signature.js';
import { plural } from './render.js';
import { firstInvalidUtf8, readUtf8 } from './utf8.js';

/** One stretch of a payload as the describers show it. */
export interface Segment {
  readonly offset: number;
  readonly label: string;
  /** Where the length prefix ends (variable fields only). */
  readonly prefixEnd?: number;
  readonly end: number;
  readonly value?: unknown;
  /** Set when the bytes cannot be read as this field; the walk stops there. */
  readonly problem?: string;
}

const TWO_32 = 2 ** 32;

/**
 * Reads `bytes` as far as it goes without throwing, for hex views. Mirrors
 * decode's rules but records the first problem instead of raising it.
 */
export function walk(signature: Signature, bytes: Uint8Array): Segment[] {
  if (signature.kind === 'raw') return [walkRaw(signature.framing, bytes)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  const segments: Segment[] = [];
  let offset = 0;
  for (const [index, field] of signature.fields.entries()) {
    const label = `#${index} ${field.name}: ${field.type}`;
    const left = end - offset;
    const fixed = field.type === 'f32' ? 4 : 8;
    if (left < fixed) {
      const what = field.type === 'i64' || field.type === 'f32' ? field.type : 'the length prefix';
      segments.push({ offset, label, end, problem: `truncated: needs ${fixed} bytes for ${what}, ${left} left` });
      return segments;
    }
    if (field.type === 'i64') {
      segments.push({ offset, label, end: offset + 8, value: view.getBigInt64(offset, true) });
      offset += 8;
      continue;
    }
    if (field.type === 'f32') {
      segments.push({ offset, label, end: offset + 4, value: view.getFloat32(offset, true) });
      offset += 4;
      continue;
    }
    const prefix = view.getBigInt64(offset, true);
    const start = offset + 8;
    if (prefix < 0n) {
      segments.push({ offset, label, prefixEnd: start, end, problem: `negative length prefix ${prefix}` });
      return segments;
    }
    const length = view.getInt32(offset + 4, true) * TWO_32 + view.getUint32(offset, true);
    if (length > end - start) {
      segments.push({ offset, label, prefixEnd: start, end, problem: `length prefix ${prefix} runs past the end (${end - start} bytes follow)` });
      return segments;
    }
    const stop = start + length;
    if (field.type === 'str') {
      const text = readUtf8(bytes, start, stop);
      if (text === undefined) {
        const bad = firstInvalidUtf8(bytes, start, stop);
        segments.push({ offset, label, prefixEnd: start, end: stop, problem: `invalid UTF-8 at offset ${start + bad}` });
        return segments;
      }
      segments.push({ offset, label, prefixEnd: start, end: stop, value: text });
    } else {
      segments.push({ offset, label, prefixEnd: start, end: stop, value: bytes.subarray(start, stop) });
    }
    offset = stop;
  }
  if (offset < end) segments.push({ offset, label: 'trailing', end, problem: `${plural(end - offset, 'byte')} after the last field` });
  return segments;
}

function walkRaw(framing: string, bytes: Uint8Array): Segment {
  const label = `raw ${framing}`;
  const end = bytes.length;
  if (framing === 'bytes') return { offset: 0, label, end, value: bytes };
  if (framing === 'none') return end === 0 ? { offset: 0, label, end, value: undefined } : { offset: 0, label, end, problem: `${plural(end, 'byte')} where none were expected` };
  const text = readUtf8(bytes, 0, end);
  if (text === undefined) return { offset: 0, label, end, problem: `invalid UTF-8 at offset ${firstInvalidUtf8(bytes, 0, end)}` };
  if (framing === 'string') return { offset: 0, label, end, value: text };
  try {
    return { offset: 0, label, end, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { offset: 0, label, end, problem: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
