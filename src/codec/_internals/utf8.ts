import { Buffer } from 'node:buffer';

// Below this many UTF-16 units a JS loop beats the native call overhead.
const SHORT_STRING = 64;

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 byte length of `text`, or -1 when it holds a lone surrogate (which
 * UTF-8 cannot carry: TextEncoder would silently write U+FFFD instead).
 */
export function utf8Length(text: string): number {
  const n = text.length;
  if (n >= SHORT_STRING) {
    return (text as unknown as { isWellFormed(): boolean }).isWellFormed() ? Buffer.byteLength(text, 'utf8') : -1;
  }
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) return -1;
      // Four bytes for the pair, which counted two units already.
      bytes += 2;
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

/** Index of the first unpaired surrogate in `text`, or -1. Only used to word an error. */
export function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) return i;
    i++;
  }
  return -1;
}

// Node's Buffer#write is the fastest native UTF-8 writer; the Buffer view is
// kept for the last target so a struct with several strings makes one view.
let lastTarget: ArrayBufferLike | undefined;
let lastView: Buffer | undefined;

/**
 * Writes `text` (already measured at `byteLength` bytes) at `offset`.
 * ASCII is copied by hand: for short strings that is faster than any native call.
 */
export function writeUtf8(text: string, byteLength: number, target: Uint8Array, offset: number): void {
  const n = text.length;
  if (byteLength === n && n < SHORT_STRING) {
    for (let i = 0; i < n; i++) target[offset + i] = text.charCodeAt(i);
    return;
  }
  const backing = target.buffer;
  if (backing !== lastTarget || lastView === undefined) {
    lastTarget = backing;
    lastView = Buffer.from(backing);
  }
  const written = lastView.write(text, target.byteOffset + offset, byteLength, 'utf8');
  if (written !== byteLength) throw new Error(`internal: wrote ${written} UTF-8 bytes, measured ${byteLength}`);
}

/**
 * Decodes `bytes[start, end)` as strict UTF-8, or returns undefined when it
 * is not valid UTF-8. A leading byte-order mark is kept as U+FEFF.
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n < SHORT_STRING) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return n === 0 ? '' : String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/**
 * Offset (relative to `start`) of the first byte that makes `bytes[start, end)`
 * invalid UTF-8, or -1. Follows the Unicode well-formed table: no overlong
 * forms, no surrogates, nothing above U+10FFFF. Error path only.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i - start;
    for (let k = 1; k <= need; k++) {
      if (i + k >= end) return i - start;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i - start;
    }
    i += need + 1;
  }
  return -1;
}
