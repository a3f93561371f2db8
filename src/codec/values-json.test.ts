import { describe, expect, it } from 'vitest';
import { catchCodecError } from './_internals/catch-codec-error.js';
import { equalValues } from './equal-values.js';
import { packed, raw } from './signature.js';
import { JSON_HEX_LIMIT, valuesFromJson, valuesToJson } from './values-json.js';

const sig = packed([
  ['n', 'i64'],
  ['x', 'f32'],
  ['y', 'f32'],
  ['s', 'str'],
  ['b', 'bin'],
]);

describe('valuesToJson / valuesFromJson', () => {
  it('makes every value JSON-safe and reads it back', () => {
    const values = [-(2n ** 63n), Number.NaN, -0, 'é', new Uint8Array([0, 255])];
    const json = valuesToJson(values);
    expect(json).toEqual(['-9223372036854775808', { number: 'NaN' }, { number: '-0' }, 'é', { hex: '00ff', length: 2 }]);
    const back = valuesFromJson(sig, JSON.parse(JSON.stringify(json)));
    expect(equalValues(sig, values, back)).toBe(true);
  });

  it('accepts hand-written forms: numbers for i64, base64 for bin', () => {
    const back = valuesFromJson(sig, [5, 1.5, { number: 'Infinity' }, 'a', { base64: 'AP8=' }]);
    expect(back).toEqual([5n, 1.5, Number.POSITIVE_INFINITY, 'a', new Uint8Array([0, 255])]);
  });

  it('cuts long bins and refuses to replay a cut one', () => {
    const long = valuesToJson([new Uint8Array(JSON_HEX_LIMIT + 1)]) as [{ hex: string; truncated: boolean }];
    expect(long[0].hex.length).toBe(JSON_HEX_LIMIT * 2);
    expect(long[0].truncated).toBe(true);
    const error = catchCodecError(() => valuesFromJson(packed([['b', 'bin']]), long));
    expect(error.message).toContain('truncated');
  });

  it('names the field that does not fit', () => {
    const error = catchCodecError(() => valuesFromJson(sig, [1.5, 0, 0, '', { hex: '' }]));
    expect(error.code).toBe('codec-value-type');
    expect(error.fieldIndex).toBe(0);
    expect(catchCodecError(() => valuesFromJson(sig, [1])).code).toBe('codec-value-type');
    expect(catchCodecError(() => valuesFromJson(sig, [0, { number: 'abc' }, 0, '', { hex: '' }])).fieldIndex).toBe(1);
    expect(catchCodecError(() => valuesFromJson(sig, [0, 0, 0, '', { hex: 'zz' }])).fieldIndex).toBe(4);
  });

  it('handles raw framings', () => {
    expect(valuesFromJson(raw('bytes'), { hex: '01' })).toEqual(new Uint8Array([1]));
    expect(valuesFromJson(raw('json'), { a: [1] })).toEqual({ a: [1] });
    expect(valuesFromJson(raw('none'), null)).toBeUndefined();
    expect(catchCodecError(() => valuesFromJson(raw('string'), 3)).code).toBe('codec-value-type');
    expect(valuesToJson(undefined)).toBeNull();
  });
});
