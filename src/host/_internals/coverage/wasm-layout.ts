import { WasmReader, wasmSections } from '../../../_internals/wasm-reader.js';

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

/**
 * Reads the section layout of a wasm binary: imports (to number functions),
 * the code section's function bodies, custom sections. Reads, never rewrites;
 * throws on a malformed module.
 */
export function readWasmLayout(bytes: Uint8Array): WasmLayout {
  let importedFunctions = 0;
  let codeStart = -1;
  const bodies: Array<[number, number]> = [];
  const custom = new Map<string, Uint8Array>();
  for (const { id, start, end } of wasmSections(bytes)) {
    const c = new WasmReader(bytes.subarray(0, end), start);
    if (id === 0) {
      const name = c.name();
      if (!custom.has(name)) custom.set(name, bytes.subarray(c.at, end));
    } else if (id === 2) {
      const count = c.uleb();
      for (let i = 0; i < count; i += 1) {
        c.name();
        c.name();
        const kind = c.u8();
        if (kind === 0) {
          c.uleb();
          importedFunctions += 1;
        } else if (kind === 1) {
          c.u8();
          c.limits();
        } else if (kind === 2) {
          c.limits();
        } else if (kind === 3) {
          c.u8();
          c.u8();
        } else if (kind === 4) {
          c.u8();
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
