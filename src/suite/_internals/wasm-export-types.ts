// WebAssembly.Module only lists export names and kinds; the Extism shape
// `() -> i32` needs the function types, so the few sections involved are read
// straight from the binary (type, import, function, export).

export interface FunctionType {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

const VALUE_TYPES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    const b = this.bytes[this.offset];
    if (b === undefined) throw new RangeError(`unexpected end of module at byte ${this.offset}`);
    this.offset += 1;
    return b;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new RangeError(`LEB128 too long at byte ${this.offset}`);
    }
  }

  name(): string {
    const length = this.u32();
    const start = this.offset;
    this.offset += length;
    if (this.offset > this.bytes.length) throw new RangeError('name runs past the end of the module');
    return new TextDecoder().decode(this.bytes.subarray(start, this.offset));
  }

  limits(): void {
    const flags = this.u32();
    this.u32();
    if ((flags & 1) !== 0) this.u32();
  }
}

/** An imported function and its type. */
export interface ImportedFunction {
  readonly module: string;
  readonly name: string;
  readonly type: FunctionType;
}

// Function types of a module's exported functions, by export name. Throws
// RangeError for a malformed binary (callers validate with WebAssembly first).
export function exportFunctionTypes(bytes: Uint8Array): Map<string, FunctionType> {
  return readFunctionTypes(bytes).exports;
}

/** The module's imported functions with their types, in import order. */
export function importFunctionTypes(bytes: Uint8Array): ImportedFunction[] {
  return readFunctionTypes(bytes).imports;
}

function readFunctionTypes(bytes: Uint8Array): { exports: Map<string, FunctionType>; imports: ImportedFunction[] } {
  const r = new Reader(bytes);
  r.offset = 8;
  const types: FunctionType[] = [];
  const functionTypeIndex: number[] = [];
  const exports = new Map<string, FunctionType>();
  const imports: ImportedFunction[] = [];
  while (r.offset < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.offset + size;
    if (id === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        r.byte(); // 0x60 func
        const params = Array.from({ length: r.u32() }, () => VALUE_TYPES[r.byte()] ?? '?');
        const results = Array.from({ length: r.u32() }, () => VALUE_TYPES[r.byte()] ?? '?');
        types.push({ params, results });
      }
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const name = r.name();
        const kind = r.byte();
        if (kind === 0) {
          const index = r.u32();
          functionTypeIndex.push(index);
          const type = types[index];
          if (type !== undefined) imports.push({ module, name, type });
        }
        else if (kind === 1) {
          r.byte();
          r.limits();
        } else if (kind === 2) r.limits();
        else if (kind === 3) {
          r.byte();
          r.byte();
        } else r.u32();
      }
    } else if (id === 3) {
      const count = r.u32();
      for (let i = 0; i < count; i++) functionTypeIndex.push(r.u32());
    } else if (id === 7) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const name = r.name();
        const kind = r.byte();
        const index = r.u32();
        const type = kind === 0 ? types[functionTypeIndex[index] ?? -1] : undefined;
        if (type !== undefined) exports.set(name, type);
      }
    }
    r.offset = end;
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
