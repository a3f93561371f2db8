import { describe, expect, it } from 'vitest';
import { formatSignature, isFieldType, isRawFraming, packed, raw } from './signature.js';

describe('signature helpers', () => {
  it('builds and renders signatures', () => {
    const sig = packed([['a', 'i64'], { name: 's', type: 'str' }]);
    expect(sig).toEqual({ kind: 'packed', fields: [{ name: 'a', type: 'i64' }, { name: 's', type: 'str' }] });
    expect(formatSignature(sig)).toBe('(a: i64, s: str)');
    expect(formatSignature(raw('json'))).toBe('raw json');
  });

  it('recognises field types and framings', () => {
    expect(['i64', 'f32', 'str', 'bin'].every(isFieldType)).toBe(true);
    expect(isFieldType('u8')).toBe(false);
    expect(isFieldType(3)).toBe(false);
    expect(['string', 'bytes', 'json', 'none'].every(isRawFraming)).toBe(true);
    expect(isRawFraming('str')).toBe(false);
  });
});
