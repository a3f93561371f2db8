import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WasmReader, WasmReadError, wasmSections } from './wasm-reader.js';

function uleb(value: bigint): number[] {
  const out: number[] = [];
  do {
    let b = Number(value & 0x7fn);
    value >>= 7n;
    if (value !== 0n) b |= 0x80;
    out.push(b);
  } while (value !== 0n);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(value & 0x7fn);
    value >>= 7n;
    if ((value === 0n && (b & 0x40) === 0) || (value === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('WasmReader', () => {
  it('reads the LEB128 examples of the wasm and DWARF specs', () => {
    expect(new WasmReader(new Uint8Array([0xe5, 0x8e, 0x26])).uleb()).toBe(624485);
    expect(new WasmReader(new Uint8Array([0xc0, 0xbb, 0x78])).sleb()).toBe(-123456);
    expect(new WasmReader(new Uint8Array([0x7f])).sleb()).toBe(-1);
    expect(new WasmReader(new Uint8Array([0x80, 0x7f])).sleb()).toBe(-128);
    expect(new WasmReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x10])).uleb()).toBe(2 ** 32);
  });

  it('round-trips unsigned and signed LEB128 up to 2^53 and stops right after the value', () => {
    const seed = 20261202;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }), fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n - 1n }), (u, s) => {
        const bytes = new Uint8Array([...uleb(u), ...sleb(s), 0xaa]);
        const r = new WasmReader(bytes);
        expect(r.uleb()).toBe(Number(u));
        expect(r.sleb()).toBe(Number(s));
        expect(r.u8()).toBe(0xaa);
        expect(r.remaining).toBe(0);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('reads little-endian fixed-size integers, names and C strings', () => {
    const r = new WasmReader(new Uint8Array([0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xff, 2, 0x68, 0x69, 0x61, 0x62, 0]));
    expect([r.u16(), r.u32(), r.i8(), r.name(), r.cstring()]).toEqual([0x1234, 0x12345678, -1, 'hi', 'ab']);
  });

  it('a truncated value is a WasmReadError wasm-truncated with its offset, never a RangeError', () => {
    for (const [bytes, read] of [
      [[0x80, 0x80], (r: WasmReader) => r.uleb()],
      [[0xff], (r: WasmReader) => r.sleb()],
      [[1, 2, 3], (r: WasmReader) => r.u32()],
      [[5, 0x61], (r: WasmReader) => r.name()],
      [[0x61, 0x62], (r: WasmReader) => r.cstring()],
      [[], (r: WasmReader) => r.u8()],
    ] as const) {
      const error = thrown(() => read(new WasmReader(new Uint8Array(bytes), 0, '.debug_line')));
      expect(error).toBeInstanceOf(WasmReadError);
      expect(error).not.toBeInstanceOf(RangeError);
      expect((error as WasmReadError).code).toBe('wasm-truncated');
      expect((error as WasmReadError).message).toMatch(/^\.debug_line/);
    }
  });

  it('a LEB128 longer than 64 bits is wasm-malformed', () => {
    const error = thrown(() => new WasmReader(new Uint8Array([...Array<number>(10).fill(0x80), 0x01])).uleb());
    expect((error as WasmReadError).code).toBe('wasm-malformed');
    expect((error as WasmReadError).offset).toBe(0);
  });
});

describe('wasmSections', () => {
  const header = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

  it('lists sections with their payload offsets', () => {
    const bytes = new Uint8Array([...header, 1, 2, 0xaa, 0xbb, 0, 1, 0x00]);
    expect(wasmSections(bytes)).toEqual([
      { id: 1, start: 10, end: 12 },
      { id: 0, start: 14, end: 15 },
    ]);
    // A module WebAssembly accepts: one type section holding () -> ().
    const valid = new Uint8Array([...header, 1, 4, 1, 0x60, 0, 0]);
    expect(WebAssembly.validate(valid)).toBe(true);
    expect(wasmSections(valid)).toEqual([{ id: 1, start: 10, end: 14 }]);
  });

  it('refuses a missing header (wasm-malformed) and a section past the end (wasm-truncated)', () => {
    expect((thrown(() => wasmSections(new Uint8Array([1, 2, 3]))) as WasmReadError).code).toBe('wasm-malformed');
    expect((thrown(() => wasmSections(new Uint8Array([...header, 1, 9, 0]))) as WasmReadError).code).toBe('wasm-truncated');
    expect((thrown(() => wasmSections(new Uint8Array([...header, 1, 0x80]))) as WasmReadError).code).toBe('wasm-truncated');
  });
});
