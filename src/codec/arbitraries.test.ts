import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldArbitrary, signatureArbitrary, valuesArbitrary } from './arbitraries.js';
import { equalValues } from './equal-values.js';
import { packed, raw } from './signature.js';

// Fixed seeds: these tests check what the generators cover, not the codec.
const sample = <T>(arb: fc.Arbitrary<T>, n = 3000): T[] => fc.sample(arb, { numRuns: n, seed: 42 });

describe('fieldArbitrary', () => {
  it('biases the i64 extremes in and honours min/max', () => {
    const all = sample(fieldArbitrary({ type: 'i64' }));
    for (const edge of [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n]) expect(all).toContain(edge);
    const bounded = sample(fieldArbitrary({ type: 'i64' }, { min: -5, max: 10n })) as bigint[];
    expect(bounded.every((v) => v >= -5n && v <= 10n)).toBe(true);
    expect(bounded).toContain(-5n);
    expect(bounded).toContain(10n);
  });

  it('biases f32 specials in; every value is an exact f32', () => {
    const all = sample(fieldArbitrary({ type: 'f32' })) as number[];
    expect(all.some((v) => Object.is(v, -0))).toBe(true);
    expect(all.some(Number.isNaN)).toBe(true);
    expect(all).toContain(Number.POSITIVE_INFINITY);
    expect(all).toContain(1.401298464324817e-45);
    expect(all.every((v) => Number.isNaN(v) || Object.is(Math.fround(v), v))).toBe(true);
    const bounded = sample(fieldArbitrary({ type: 'f32' }, { min: 0, max: 1 })) as number[];
    expect(bounded.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('generates empty, multi-byte and astral strings within maxLength and alphabet', () => {
    const all = sample(fieldArbitrary({ type: 'str' })) as string[];
    expect(all).toContain('');
    expect(all.some((s) => Array.from(s).some((c) => c.codePointAt(0)! > 0x7f))).toBe(true);
    expect(all.some((s) => /[\u{10000}-\u{10ffff}]/u.test(s))).toBe(true);
    // Astral code points come from the general generator, not just the edge list; never a lone surrogate.
    const astral = new Set(all.flatMap((s) => Array.from(s).filter((c) => c.codePointAt(0)! > 0xffff)));
    expect(astral.size).toBeGreaterThan(10);
    expect(all.some((s) => /[\ud800-\udfff]/u.test(s))).toBe(false);
    const short = sample(fieldArbitrary({ type: 'str' }, { maxLength: 3 })) as string[];
    expect(short.every((s) => Array.from(s).length <= 3)).toBe(true);
    const abc = sample(fieldArbitrary({ type: 'str' }, { alphabet: 'ab' })) as string[];
    expect(abc.every((s) => /^[ab]*$/.test(s))).toBe(true);
  });

  it('generates empty and 64 KiB bins, and none longer than maxLength when given', () => {
    const lengths = (sample(fieldArbitrary({ type: 'bin' })) as Uint8Array[]).map((b) => b.length);
    expect(lengths).toContain(0);
    expect(lengths).toContain(65536);
    const capped = (sample(fieldArbitrary({ type: 'bin' }, { maxLength: 100 })) as Uint8Array[]).map((b) => b.length);
    expect(Math.max(...capped)).toBe(100);
  });
});

describe('valuesArbitrary and signatureArbitrary', () => {
  it('produces value lists that fit their signature', () => {
    const sig = packed([
      ['a', 'i64'],
      ['b', 'str'],
    ]);
    for (const v of sample(valuesArbitrary(sig, { b: { maxLength: 1 } }), 200) as unknown[][]) {
      expect(v).toHaveLength(2);
      expect(typeof v[0]).toBe('bigint');
      expect(Array.from(v[1] as string).length).toBeLessThanOrEqual(1);
    }
    expect(sample(valuesArbitrary(raw('none')), 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(sample(valuesArbitrary(raw('string'), { value: { alphabet: 'z' } }), 50).every((s) => /^z*$/.test(s as string))).toBe(true);
  });

  it('covers 0 to 16 fields', () => {
    const counts = sample(signatureArbitrary(), 2000).map((s) => (s.kind === 'packed' ? s.fields.length : -1));
    expect(Math.min(...counts)).toBe(0);
    expect(Math.max(...counts)).toBe(16);
  });

  it('equalValues compares f32 by bit pattern and NaN as NaN', () => {
    const f = packed([['x', 'f32']]);
    expect(equalValues(f, [0], [-0])).toBe(false);
    expect(equalValues(f, [Number.NaN], [Number.NaN])).toBe(true);
    expect(equalValues(packed([['b', 'bin']]), [new Uint8Array([1])], [new Uint8Array([2])])).toBe(false);
    expect(equalValues(raw('json'), { a: 1 }, { a: 1 })).toBe(true);
  });
});
