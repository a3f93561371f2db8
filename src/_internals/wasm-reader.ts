import { KegcheckError } from '../kegcheck-error.js';

/** What went wrong reading a wasm binary (or a section inside one, such as DWARF). */
export type WasmReadErrorCode = 'wasm-truncated' | 'wasm-malformed';

/** A binary that ends early or holds a value no encoder writes; `offset` is where reading stopped. */
export class WasmReadError extends KegcheckError {
  override readonly name = 'WasmReadError';
  declare readonly code: WasmReadErrorCode;
  constructor(
    code: WasmReadErrorCode,
    message: string,
    readonly offset: number,
  ) {
    super(code, message);
  }
}

// Ten 7-bit groups hold 64 bits: anything longer is no LEB128 a toolchain writes.
const MAX_LEB_SHIFT = 63;

/**
 * A cursor over wasm bytes: LEB128 (unsigned and signed), little-endian
 * fixed-size integers, names and C strings. Every read checks the end, so a
 * truncated binary is a WasmReadError `wasm-truncated`, never a RangeError or
 * an undefined byte. `label` names what is read in messages ("the module",
 * ".debug_line").
 */
export class WasmReader {
  private view: DataView | undefined;

  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
    readonly label = 'the module',
  ) {}

  /** Bytes left before the end. */
  get remaining(): number {
    return this.bytes.length - this.at;
  }

  private need(n: number): void {
    if (n < 0 || this.at + n > this.bytes.length) throw new WasmReadError('wasm-truncated', `${this.label} ends early (at byte ${this.at})`, this.at);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.at++] as number;
  }

  i8(): number {
    const v = this.u8();
    return v >= 0x80 ? v - 0x100 : v;
  }

  private dataView(): DataView {
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.view;
  }

  u16(): number {
    this.need(2);
    const v = this.dataView().getUint16(this.at, true);
    this.at += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.dataView().getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  /** A u64 as a number (exact up to 2^53, which every offset in a module is). */
  u64(): number {
    this.need(8);
    const v = Number(this.dataView().getBigUint64(this.at, true));
    this.at += 8;
    return v;
  }

  /** Unsigned LEB128 (u32 in the wasm format, up to u64 in DWARF). */
  uleb(): number {
    const start = this.at;
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > MAX_LEB_SHIFT) throw new WasmReadError('wasm-malformed', `${this.label}: LEB128 too long at byte ${start}`, start);
    }
  }

  /** Signed LEB128. */
  sleb(): number {
    const start = this.at;
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      if (shift > MAX_LEB_SHIFT) throw new WasmReadError('wasm-malformed', `${this.label}: LEB128 too long at byte ${start}`, start);
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while ((b & 0x80) !== 0);
    if (shift <= 49) return (b & 0x40) !== 0 ? result - 2 ** shift : result;
    // Beyond 2^49 the sum above loses bits before the sign is applied: redo it exactly.
    return Number(BigInt.asIntN(shift, this.bytes.subarray(start, this.at).reduceRight((acc, byte) => (acc << 7n) | BigInt(byte & 0x7f), 0n)));
  }

  /** `n` bytes as a view into the binary. */
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** A wasm name: LEB128 length, then UTF-8. */
  name(): string {
    return new TextDecoder().decode(this.take(this.uleb()));
  }

  /** A NUL-terminated UTF-8 string (DWARF). */
  cstring(): string {
    const end = this.bytes.indexOf(0, this.at);
    if (end < 0) throw new WasmReadError('wasm-truncated', `${this.label}: unterminated string at byte ${this.at}`, this.at);
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, end));
    this.at = end + 1;
    return text;
  }

  /** Table or memory limits: a flags byte, the minimum, and a maximum when flag bit 0 is set. */
  limits(): void {
    const flags = this.u8();
    this.uleb();
    if ((flags & 1) !== 0) this.uleb();
  }
}

/** One section of a module: its id, where its payload starts and ends (file offsets). */
export interface WasmSection {
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The sections of a wasm module in file order, after checking the magic
 * number. A section that runs past the end is `wasm-truncated`.
 */
export function wasmSections(bytes: Uint8Array): WasmSection[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmReadError('wasm-malformed', 'not a wasm module', 0);
  }
  const r = new WasmReader(bytes, 8);
  const sections: WasmSection[] = [];
  while (r.remaining > 0) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.at;
    const end = start + size;
    if (end > bytes.length) throw new WasmReadError('wasm-truncated', `section ${id} runs past the end of the module`, start);
    sections.push({ id, start, end });
    r.at = end;
  }
  return sections;
}
