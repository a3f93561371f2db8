// WebAssembly.Module only lists export names and kinds; the Extism shape
// `() -> i32` needs the function types, so the few sections involved are read
// straight from the binary (type, import, function, export).

import { WasmReader, wasmSections } from '../../_internals/wasm-reader.js';

export interface FunctionType {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

const VALUE_TYPES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

/** An imported function and its type. */
export interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly type: FunctionType;
}

// Function types of a module's exported functions, by export name. Throws
// WasmReadError for a malformed binary (callers validate with WebAssembly first).
export function exportFunctionTypes(bytes: Uint8Array): Map<string, FunctionType> {
  return readFunctionTypes(bytes).exports;
}

/** The module's imported functions with their types, in import order. */
export function importFunctionTypes(bytes: Uint8Array): ImportedFunction[] {
  return readFunctionTypes(bytes).imports;
}

function readFunctionTypes(bytes: Uint8Array): { exports: Map<string, FunctionType>; imports: ImportedFunction[] } {
  const types: FunctionType[] = [];
  const functionTypeIndex: number[] = [];
  const exports = new Map<string, FunctionType>();
  const imports: ImportedFunction[] = [];
  for (const { id, start, end } of wasmSections(bytes)) {
    const r = new WasmReader(bytes.subarray(0, end), start);
    if (id === 1) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        r.u8(); // 0x60 func
        const params = Array.from({ length: r.uleb() }, () => VALUE_TYPES[r.u8()] ?? '?');
        const results = Array.from({ length: r.uleb() }, () => VALUE_TYPES[r.u8()] ?? '?');
        types.push({ params, results });
      }
    } else if (id === 2) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const name = r.name();
        const kind = r.u8();
        if (kind === 0) {
          const index = r.uleb();
          functionTypeIndex.push(index);
          const type = types[index];
          if (type !== undefined) imports.push({ module, name, type });
        } else if (kind === 1) {
          r.u8();
          r.limits();
        } else if (kind === 2) r.limits();
        else if (kind === 3) {
          r.u8();
          r.u8();
        } else if (kind === 4) {
          r.u8();
          r.uleb();
        } else r.uleb();
      }
    } else if (id === 3) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) functionTypeIndex.push(r.uleb());
    } else if (id === 7) {
      const count = r.uleb();
      for (let i = 0; i < count; i++) {
        const name = r.name();
        const kind = r.u8();
        const index = r.uleb();
        const type = kind === 0 ? types[functionTypeIndex[index] ?? -1] : undefined;
        if (type !== undefined) exports.set(name, type);
      }
    }
  }
  return { exports, imports };
}

export function formatFunctionType(type: FunctionType): string {
  const results = type.results.length === 1 ? type.results[0] : `(${type.results.join(', ')})`;
  return `(${type.params.join(', ')}) -> ${results ?? '()'}`;
}

/** The export shapes an Extism host calls, as the messages name them. */
export const EXTISM_EXPORT_SHAPES = '() -> i32 or () -> ()';

/**
 * `() -> i32` (0 success, non-zero failure) or `() -> ()` (success unless
 * the plugin sets an error): Extism hosts call both, and some PDKs emit the second.
 */
export function isExtismExportType(type: FunctionType): boolean {
  if (type.params.length !== 0) return false;
  return type.results.length === 0 || (type.results.length === 1 && type.results[0] === 'i32');
}
