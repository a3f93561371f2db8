import { describe, expect, it } from 'vitest';
import { describeBytes, describeValues } from './describe.js';
import { encode } from './encode.js';
import { packed, raw } from './signature.js';

const sig = packed([
  ['n', 'i64'],
  ['s', 'str'],
  ['b', 'bin'],
]);

describe('describeBytes', () => {
  it('shows each field with offset, length prefix, content and value', () => {
    const text = describeBytes(sig, encode(sig, [42n, 'hi', new Uint8Array([7])]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('27 bytes as (n: i64, s: str, b: bin)');
    expect(lines[2]).toMatch(/^\s+0 {2}#0 n: i64 {2}2a 00 00 00 00 00 00 00\s+42$/);
    expect(lines[3]).toMatch(/^\s+8 {2}#1 s: str {2}\[02 00 00 00 00 00 00 00\] 68 69\s+"hi"$/);
    expect(lines[4]).toMatch(/^\s+18 {2}#2 b: bin {2}\[01 00 00 00 00 00 00 00\] 07\s+<1 bytes>$/);
  });

  it('marks the first unreadable field and stops there', () => {
    const bytes = encode(sig, [1n, 'hi', new Uint8Array([7])]).subarray(0, 12);
    const text = describeBytes(sig, bytes);
    expect(text).toContain('!! truncated: needs 8 bytes for the length prefix, 4 left');
    expect(text).not.toContain('#2 b: bin');
  });

  it('cuts long content and says how much is left', () => {
    const big = packed([['b', 'bin']]);
    const text = describeBytes(big, encode(big, [new Uint8Array(1000)]));
    expect(text).toContain('… +976 bytes');
    expect(text.length).toBeLessThan(400);
  });

  it('shows trailing bytes and raw framings', () => {
    const bytes = new Uint8Array([...encode(sig, [1n, '', new Uint8Array()]), 0xee]);
    expect(describeBytes(sig, bytes)).toMatch(/trailing\s+ee\s+!! 1 byte after the last field/);
    expect(describeBytes(raw('json'), new TextEncoder().encode('{"a":1}'))).toContain('{"a":1}');
    expect(describeBytes(raw('json'), new TextEncoder().encode('{'))).toContain('!! invalid JSON');
    expect(describeBytes(packed([]), new Uint8Array())).toContain('(no fields)');
  });
});

describe('describeValues', () => {
  it('puts each value beside its bytes and shows f32 rounding', () => {
    const f = packed([
      ['x', 'f32'],
      ['n', 'i64'],
    ]);
    const text = describeValues(f, [0.1, -1n]);
    expect(text).toContain('0.1 (sent as 0.10000000149011612)');
    expect(text).toMatch(/#1 n: i64\s+ff ff ff ff ff ff ff ff\s+-1/);
  });

  it('explains values that cannot be encoded', () => {
    const text = describeValues(sig, [1n, 5, new Uint8Array()]);
    expect(text).toContain('cannot be encoded');
    expect(text).toContain('field #1 "s" (str)');
    expect(text).toContain('#1 5');
  });
});
