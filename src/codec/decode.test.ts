import { describe, expect, it } from 'vitest';
import { catchCodecError } from './_internals/catch-codec-error.js';
import { decode } from './decode.js';
import { encode } from './encode.js';
import { packed, raw } from './signature.js';

const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

const mixed = packed([
  ['n', 'i64'],
  ['x', 'f32'],
  ['s', 'str'],
  ['b', 'bin'],
]);
const good = fromHex('feffffffffffffff 0000803f 0200000000000000 c3a9 0100000000000000 aa');

describe('decode packed', () => {
  it('reads every field type', () => {
    const { values, trailingBytes, notes } = decode(mixed, good);
    expect(values).toEqual([-2n, 1, 'é', new Uint8Array([0xaa])]);
    expect(trailingBytes).toBe(0);
    expect(notes).toEqual([]);
  });

  it('reads from a view that does not start at offset 0 of its buffer', () => {
    const padded = new Uint8Array(good.length + 5);
    padded.set(good, 3);
    expect(decode(mixed, padded.subarray(3, 3 + good.length)).values).toEqual([-2n, 1, 'é', new Uint8Array([0xaa])]);
  });

  it('returns bin as a view unless asked to copy', () => {
    const input = good.slice();
    const view = (decode(mixed, input).values as Uint8Array[])[3]!;
    const copy = (decode(mixed, input, { copyBytes: true }).values as Uint8Array[])[3]!;
    input[input.length - 1] = 0xbb;
    expect(view[0]).toBe(0xbb);
    expect(copy[0]).toBe(0xaa);
  });

  it('reports a truncated field with its index, name, offset and a hex view', () => {
    const error = catchCodecError(() => decode(mixed, good.subarray(0, 10)));
    expect(error.code).toBe('codec-truncated');
    expect(error.fieldIndex).toBe(1);
    expect(error.fieldName).toBe('x');
    expect(error.offset).toBe(8);
    expect(error.expected).toBe('4 bytes for f32');
    expect(error.message).toContain('field #1 "x" (f32) at offset 8');
    expect(error.message).toContain('fe ff ff ff ff ff ff ff');
    expect(error.message).toContain('!! truncated');
  });

  it('reports a truncated length prefix', () => {
    const error = catchCodecError(() => decode(mixed, good.subarray(0, 15)));
    expect(error.code).toBe('codec-truncated');
    expect(error.fieldIndex).toBe(2);
    expect(error.offset).toBe(12);
  });

  it('rejects a negative length prefix', () => {
    const bytes = fromHex('ffffffffffffffff');
    const error = catchCodecError(() => decode(packed([['b', 'bin']]), bytes));
    expect(error.code).toBe('codec-negative-length');
    expect(error.offset).toBe(0);
    expect(error.message).toContain('(-1)');
  });

  it('rejects a length beyond the buffer, including ones above 2^32', () => {
    const sig = packed([['s', 'str']]);
    const short = catchCodecError(() => decode(sig, fromHex('0500000000000000 6869')));
    expect(short.code).toBe('codec-length-overflow');
    expect(short.expected).toBe('at most 2 bytes after the prefix');
    const huge = catchCodecError(() => decode(sig, fromHex('0000000001000000')));
    expect(huge.code).toBe('codec-length-overflow');
    expect(huge.message).toContain('4294967296');
  });

  it('rejects invalid UTF-8 at the offending byte', () => {
    const sig = packed([
      ['n', 'i64'],
      ['s', 'str'],
    ]);
    for (const [body, at] of [
      ['61 ff', 17],
      ['c0 80', 16], // overlong
      ['ed a0 80', 16], // surrogate
      ['f4 90 80 80', 16], // above U+10FFFF
      ['61 62 e2 82', 18], // cut short
    ] as const) {
      const content = fromHex(body);
      const bytes = new Uint8Array(16 + content.length);
      new DataView(bytes.buffer).setUint32(8, content.length, true);
      bytes.set(content, 16);
      const error = catchCodecError(() => decode(sig, bytes));
      expect(error.code, body).toBe('codec-invalid-utf8');
      expect(error.offset, body).toBe(at);
      expect(error.fieldIndex).toBe(1);
    }
  });

  it('keeps a leading byte-order mark as U+FEFF', () => {
    const sig = packed([['s', 'str']]);
    expect(decode(sig, encode(sig, ['\ufeffx'])).values).toEqual(['\ufeffx']);
  });

  it('is strict about trailing bytes; lenient mode skips them and says so', () => {
    const bytes = new Uint8Array([...good, 1, 2]);
    const error = catchCodecError(() => decode(mixed, bytes));
    expect(error.code).toBe('codec-trailing-bytes');
    expect(error.offset).toBe(good.length);
    expect(error.fieldIndex).toBeUndefined();
    const lenient = decode(mixed, bytes, { lenient: true });
    expect(lenient.trailingBytes).toBe(2);
    expect(lenient.notes.join()).toContain('ignored 2 trailing bytes');
    expect(lenient.values).toEqual(decode(mixed, good).values);
  });

  it('decodes the empty signature from the empty buffer only', () => {
    expect(decode(packed([]), new Uint8Array(0)).values).toEqual([]);
    expect(catchCodecError(() => decode(packed([]), new Uint8Array(1))).code).toBe('codec-trailing-bytes');
  });
});

describe('decode raw', () => {
  it('reads each framing', () => {
    expect(decode(raw('string'), fromHex('68c3a9')).values).toBe('hé');
    expect(decode(raw('bytes'), fromHex('0102')).values).toEqual(new Uint8Array([1, 2]));
    expect(decode(raw('json'), new TextEncoder().encode(' {"count": 2} ')).values).toEqual({ count: 2 });
    expect(decode(raw('none'), new Uint8Array(0)).values).toBeUndefined();
  });

  it('rejects bad text, bad JSON and unexpected bytes', () => {
    const utf8 = catchCodecError(() => decode(raw('string'), fromHex('6162ff')));
    expect([utf8.code, utf8.offset]).toEqual(['codec-invalid-utf8', 2]);
    const json = catchCodecError(() => decode(raw('json'), new TextEncoder().encode('{"a":')));
    expect([json.code, json.offset]).toEqual(['codec-invalid-json', 5]);
    expect(catchCodecError(() => decode(raw('json'), new Uint8Array(0))).code).toBe('codec-invalid-json');
    expect(catchCodecError(() => decode(raw('json'), fromHex('ff'))).code).toBe('codec-invalid-utf8');
    expect(catchCodecError(() => decode(raw('none'), fromHex('00'))).code).toBe('codec-trailing-bytes');
    expect(decode(raw('none'), fromHex('00'), { lenient: true }).trailingBytes).toBe(1);
  });
});

describe('decode f32 NaN payloads', () => {
  it('notes a NaN whose bits a JS number cannot keep, and stays quiet for the canonical NaN', () => {
    const sig = packed([['x', 'f32']]);
    const odd = decode(sig, fromHex('0000817f'));
    expect(Number.isNaN((odd.values as number[])[0])).toBe(true);
    expect(odd.notes.join()).toContain('0x7f810000');
    expect(decode(sig, fromHex('0000c07f')).notes).toEqual([]);
  });
});
