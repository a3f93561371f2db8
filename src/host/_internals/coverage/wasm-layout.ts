/** Where things are in a wasm binary, as far as mapping code offsets to functions needs. */
export interface WasmLayout {
  /** Number of imported functions (defined function i has index imports + i). */
  readonly importedFunctions: number;
  /** File offset where the code section's payload starts (DWARF addresses count from here). */
  readonly codeStart: number;
  /** Per defined function, its body's [start, end) as file offsets. */
  readonly bodies: ReadonlyArray<readonly [number, number]>;
  /** Custom sections by name (first of each), as views into the binary. */
  readonly custom: ReadonlyMap<string, Uint8Array>;
}

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error(`unexpected end of the module at byte ${this.at}`);
    return this.bytes[this.at++] as number;
  }
  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error(`LEB128 too long at byte ${this.at}`);
    }
  }
  name(): string {
    const n = this.uleb();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return text;
  }
  limits(): void {
    const flags = this.byte();
    this.uleb();
    if ((flags & 1) !== 0) this.uleb();
  }
}

/**
 * Reads the section layout of a wasm binary: imports (to number functions),
 * the code section's function bodies, custom sections. Reads, never rewrites;
 * throws on a malformed module.
 */
export function readWasmLayout(bytes: Uint8Array): WasmLayout {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a wasm module');
  const c = new Cursor(bytes, 8);
  let importedFunctions = 0;
  let codeStart = -1;
  const bodies: Array<[number, number]> = [];
  const custom = new Map<string, Uint8Array>();
  while (c.at < bytes.length) {
    const id = c.byte();
    const size = c.uleb();
    const start = c.at;
    const end = start + size;
    if (end > bytes.length) throw new Error(`section ${id} runs past the end of the module`);
    if (id === 0) {
      const name = c.name();
      if (!custom.has(name)) custom.set(name, bytes.subarray(c.at, end));
    } else if (id === 2) {
      const count = c.uleb();
      for (let i = 0; i < count; i += 1) {
        c.name();
        c.name();
        const kind = c.byte();
        if (kind === 0) {
          c.uleb();
          importedFunctions += 1;
        } else if (kind === 1) {
          c.byte();
          c.limits();
        } else if (kind === 2) {
          c.limits();
        } else if (kind === 3) {
          c.byte();
          c.byte();
        } else if (kind === 4) {
          c.byte();
          c.uleb();
        } else {
          throw new Error(`unknown import kind ${kind}`);
        }
      }
    } else if (id === 10) {
      codeStart = start;
      const count = c.uleb();
      for (let i = 0; i < count; i += 1) {
        const bodySize = c.uleb();
        bodies.push([c.at, c.at + bodySize]);
        c.at += bodySize;
      }
    }
    c.at = end;
  }
  return { importedFunctions, codeStart, bodies, custom };
}

/** Index (into layout.bodies) of the body holding a file offset, or -1. */
export function bodyAt(layout: WasmLayout, offset: number): number {
  let lo = 0;
  let hi = layout.bodies.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = layout.bodies[mid] as readonly [number, number];
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
