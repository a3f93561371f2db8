import { describe, expect, it } from 'vitest';
import { encode } from './encode.js';
import { compareRoundTrip } from './round-trip.js';
import { packed, raw } from './signature.js';

const sig = packed([
  ['n', 'i64'],
  ['x', 'f32'],
]);

describe('compareRoundTrip', () => {
  it('reports equal output with its decode notes', () => {
    const result = compareRoundTrip(sig, [1n, 0.5], encode(sig, [1n, 0.5]));
    expect(result).toEqual({ status: 'equal', notes: [] });
  });

  it('names the first differing field and shows both sides', () => {
    const result = compareRoundTrip(sig, [1n, 0], encode(sig, [1n, -0]));
    expect(result.status).toBe('different');
    if (result.status !== 'different') return;
    expect(result.fieldIndex).toBe(1);
    expect(result.message).toContain('field #1 "x" (f32) came back as -0, sent 0');
    expect(result.message).toContain('00 00 00 80');
  });

  it('returns undecodable output as data, and accepts trailing bytes only when lenient', () => {
    const padded = new Uint8Array([...encode(sig, [1n, 0.5]), 0]);
    const strict = compareRoundTrip(sig, [1n, 0.5], padded);
    expect(strict.status).toBe('undecodable');
    if (strict.status === 'undecodable') expect(strict.error.code).toBe('codec-trailing-bytes');
    const lenient = compareRoundTrip(sig, [1n, 0.5], padded, { lenient: true });
    expect(lenient.status).toBe('equal');
    if (lenient.status === 'equal') expect(lenient.notes.join()).toContain('ignored 1 trailing byte');
  });

  it('compares raw framings as one value', () => {
    const result = compareRoundTrip(raw('json'), { count: 2 }, new TextEncoder().encode('{"count":3}'));
    expect(result.status).toBe('different');
    if (result.status === 'different') expect(result.message).toContain('raw json came back as {"count":3}, sent {"count":2}');
  });
});
