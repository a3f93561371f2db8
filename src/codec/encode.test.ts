import { describe, expect, it } from 'vitest';
import { catchCodecError } from './_internals/catch-codec-error.js';
import { encode } from './encode.js';
import { packed, raw } from './signature.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encode packed', () => {
  it('lays fields out little-endian with i64 length prefixes and no padding', () => {
    const sig = packed([
      ['n', 'i64'],
      ['x', 'f32'],
      ['s', 'str'],
      ['b', 'bin'],
    ]);
    const bytes = encode(sig, [-2n, 1, 'é', new Uint8Array([0xaa])]);
    expect(hex(bytes)).toBe(
      'feffffffffffffff' + '0000803f' + '0200000000000000' + 'c3a9' + '0100000000000000' + 'aa',
    );
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('writes the i64 extremes and accepts safe-integer numbers for i64', () => {
    const sig = packed([
      ['a', 'i64'],
      ['b', 'i64'],
      ['c', 'i64'],
    ]);
    expect(hex(encode(sig, [-(2n ** 63n), 2n ** 63n - 1n, 7]))).toBe('0000000000000080' + 'ffffffffffffff7f' + '0700000000000000');
  });

  it('rejects i64 values out of range or not integers, naming field and offset', () => {
    const sig = packed([
      ['x', 'f32'],
      ['n', 'i64'],
    ]);
    for (const bad of [2n ** 63n, -(2n ** 63n) - 1n, 1.5, 2 ** 53, '1']) {
      const error = catchCodecError(() => encode(sig, [0, bad]));
      expect(error.code).toBe('codec-value-type');
      expect(error.fieldIndex).toBe(1);
      expect(error.fieldName).toBe('n');
      expect(error.offset).toBe(4);
      expect(error.message).toContain('field #1 "n" (i64) at offset 4');
    }
  });

  it('rounds f32 with Math.fround and notes it; exact values get no note', () => {
    const sig = packed([['x', 'f32']]);
    const notes: string[] = [];
    const bytes = encode(sig, [0.1], { notes });
    expect(new DataView(bytes.buffer).getFloat32(0, true)).toBe(Math.fround(0.1));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('0.1');
    encode(sig, [0.5], { notes });
    encode(sig, [Number.NaN], { notes });
    expect(notes).toHaveLength(1);
  });

  it('keeps -0, infinities and subnormals bit-exact', () => {
    const sig = packed([['x', 'f32']]);
    expect(hex(encode(sig, [-0]))).toBe('00000080');
    expect(hex(encode(sig, [Number.NEGATIVE_INFINITY]))).toBe('000080ff');
    expect(hex(encode(sig, [1.401298464324817e-45]))).toBe('01000000');
  });

  it('rejects strings with lone surrogates instead of writing U+FFFD', () => {
    const sig = packed([['s', 'str']]);
    const error = catchCodecError(() => encode(sig, ['ab\ud800c']));
    expect(error.code).toBe('codec-value-type');
    expect(error.message).toContain('lone surrogate at index 2');
    const long = catchCodecError(() => encode(sig, ['x'.repeat(100) + '\udc00']));
    expect(long.message).toContain('lone surrogate at index 100');
  });

  it('encodes long and multi-byte strings through the native path', () => {
    const sig = packed([['s', 'str']]);
    const text = 'añ€𝄞'.repeat(40);
    const bytes = encode(sig, [text]);
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(Buffer.byteLength(text));
    expect(Buffer.from(bytes.subarray(8)).toString('utf8')).toBe(text);
  });

  it('fills large payloads completely (no stale bytes from an uninitialised buffer)', () => {
    const sig = packed([['b', 'bin']]);
    const data = new Uint8Array(10_000).fill(0x5a);
    const bytes = encode(sig, [data]);
    expect(bytes.length).toBe(10_008);
    // A view into a bigger buffer would make @extism/extism 1.0.3 send the whole buffer.
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(10_008);
    expect(bytes.subarray(8).every((b) => b === 0x5a)).toBe(true);
  });

  it('demands exactly one value per field', () => {
    const sig = packed([['n', 'i64']]);
    expect(catchCodecError(() => encode(sig, [])).code).toBe('codec-value-type');
    expect(catchCodecError(() => encode(sig, 5n)).code).toBe('codec-value-type');
    expect(encode(packed([]), []).length).toBe(0);
  });

  it('refuses an unknown field type as a signature error', () => {
    const sig = { kind: 'packed', fields: [{ name: 'q', type: 'u8' }] } as never;
    expect(catchCodecError(() => encode(sig, [1])).code).toBe('codec-signature');
  });
});

describe('encode raw', () => {
  it('frames nothing', () => {
    expect(hex(encode(raw('string'), 'hé'))).toBe('68c3a9');
    const source = new Uint8Array([1, 2]);
    const out = encode(raw('bytes'), source);
    expect(hex(out)).toBe('0102');
    out[0] = 9;
    expect(source[0]).toBe(1);
    expect(Buffer.from(encode(raw('json'), { count: 2 })).toString()).toBe('{"count":2}');
    expect(encode(raw('none'), undefined).length).toBe(0);
  });

  it('rejects values the framing cannot carry', () => {
    expect(catchCodecError(() => encode(raw('string'), 3)).code).toBe('codec-value-type');
    expect(catchCodecError(() => encode(raw('bytes'), 'x')).code).toBe('codec-value-type');
    expect(catchCodecError(() => encode(raw('json'), 1n)).code).toBe('codec-value-type');
    expect(catchCodecError(() => encode(raw('json'), undefined)).code).toBe('codec-value-type');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(catchCodecError(() => encode(raw('json'), cyclic)).code).toBe('codec-value-type');
    expect(catchCodecError(() => encode(raw('none'), 'x')).code).toBe('codec-value-type');
  });
});
