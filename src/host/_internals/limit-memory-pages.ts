import { KegcheckError } from '../../kegcheck-error.js';

// The Extism JS SDK does not cap guest memory, so the cap is written into
// the module itself: every defined memory gets `maximum = min(max, cap)` and
// `memory.grow` past it returns -1 inside the guest.

const MEMORY_SECTION = 5;

interface Leb {
  readonly value: number;
  readonly next: number;
}

function readLeb(bytes: Uint8Array, offset: number, what: string): Leb {
  let value = 0;
  let scale = 1;
  let pos = offset;
  for (;;) {
    const byte = bytes[pos];
    if (byte === undefined) throw malformed(`truncated ${what} at byte ${offset}`);
    pos += 1;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: pos };
    scale *= 128;
    if (pos - offset > 10) throw malformed(`overlong LEB128 ${what} at byte ${offset}`);
  }
}

function writeLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

function malformed(message: string): KegcheckError {
  return new KegcheckError('wasm-malformed', `not a valid wasm module: ${message}`);
}

function rewriteMemorySection(payload: Uint8Array, maxPages: number): number[] {
  const count = readLeb(payload, 0, 'memory count');
  const out = writeLeb(count.value);
  let pos = count.next;
  for (let i = 0; i < count.value; i += 1) {
    const flags = payload[pos];
    if (flags === undefined) throw malformed('truncated memory limits');
    if ((flags & 0x04) !== 0) {
      throw new KegcheckError('wasm-memory64', 'the module declares a 64-bit memory, which kegcheck cannot cap');
    }
    const min = readLeb(payload, pos + 1, 'memory minimum');
    pos = min.next;
    let max = Number.POSITIVE_INFINITY;
    if ((flags & 0x01) !== 0) {
      const declared = readLeb(payload, pos, 'memory maximum');
      max = declared.value;
      pos = declared.next;
    }
    if (min.value > maxPages) {
      throw new KegcheckError(
        'memory-limit',
        `the module's memory starts at ${min.value} pages, above the cap of ${maxPages} pages (${maxPages * 64} KiB)`,
      );
    }
    out.push(flags | 0x01, ...writeLeb(min.value), ...writeLeb(Math.min(max, maxPages)));
  }
  if (pos !== payload.length) throw malformed('trailing bytes in the memory section');
  return out;
}

/**
 * Returns a copy of `wasm` whose defined memories may grow to at most
 * `maxPages` pages. Throws KegcheckError `memory-limit` when a memory starts
 * above the cap, `wasm-malformed` for bytes that are not a module.
 */
export function limitMemoryPages(wasm: Uint8Array, maxPages: number): Uint8Array {
  if (wasm.length < 8 || wasm[0] !== 0x00 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw malformed('missing the \\0asm header');
  }
  const chunks: Uint8Array[] = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const size = readLeb(wasm, pos + 1, 'section size');
    const end = size.next + size.value;
    if (end > wasm.length) throw malformed(`section ${id} runs past the end of the file`);
    if (id === MEMORY_SECTION) {
      const payload = rewriteMemorySection(wasm.subarray(size.next, end), maxPages);
      chunks.push(Uint8Array.from([MEMORY_SECTION, ...writeLeb(payload.length), ...payload]));
    } else {
      chunks.push(wasm.subarray(pos, end));
    }
    pos = end;
  }
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
