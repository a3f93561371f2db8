const KEPT = new Set(['.debug_line', '.debug_line_str']);

function uleb(bytes: Uint8Array, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++] as number;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, at];
    shift += 7;
  }
}

/**
 * Drops the DWARF custom sections of a wasm module except the line tables.
 * A Rust debug build links the standard library's full DWARF (megabytes);
 * mapping code to source lines needs only `.debug_line`. Whole sections are
 * copied or skipped; nothing inside one is touched.
 */
export function keepLineTables(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at] as number;
    const [size, payload] = uleb(bytes, at + 1);
    const end = payload + size;
    let keep = true;
    if (id === 0) {
      const [nameLength, nameStart] = uleb(bytes, payload);
      const name = new TextDecoder().decode(bytes.subarray(nameStart, nameStart + nameLength));
      keep = !name.startsWith('.debug_') || KEPT.has(name);
    }
    if (keep) parts.push(bytes.subarray(start, end));
    at = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
