import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldArbitrary } from '../arbitraries.js';

const SEED = 42;

describe('generators reach the declared limits', () => {
  it('strings (with and without an alphabet) and bins reach exactly max_length within 100 runs', () => {
    const str = fc.sample(fieldArbitrary({ type: 'str' }, { maxLength: 40 }), { seed: SEED, numRuns: 100 }) as string[];
    expect(Math.max(...str.map((s) => Array.from(s).length))).toBe(40);
    expect(str.every((s) => Array.from(s).length <= 40)).toBe(true);
    const abc = fc.sample(fieldArbitrary({ type: 'str' }, { maxLength: 40, alphabet: 'ab' }), { seed: SEED, numRuns: 100 }) as string[];
    expect(abc.filter((s) => s.length === 40).length).toBeGreaterThan(5);
    const bin = fc.sample(fieldArbitrary({ type: 'bin' }, { maxLength: 300 }), { seed: SEED, numRuns: 100 }) as Uint8Array[];
    expect(Math.max(...bin.map((b) => b.length))).toBe(300);
  });

  it('i64 and f32 reach their min and max', () => {
    const ints = fc.sample(fieldArbitrary({ type: 'i64' }, { min: -7n, max: 1000n }), { seed: SEED, numRuns: 200 }) as bigint[];
    expect(ints).toContain(-7n);
    expect(ints).toContain(1000n);
    const floats = fc.sample(fieldArbitrary({ type: 'f32' }, { min: -2.5, max: 8 }), { seed: SEED, numRuns: 200 }) as number[];
    expect(floats).toContain(-2.5);
    expect(floats).toContain(8);
  });

  it('a failure found at the longest length still shrinks to the fewest characters that fail', () => {
    const details = fc.check(
      fc.property(fieldArbitrary({ type: 'str' }, { maxLength: 16, alphabet: 'ab' }), (s) => (String(s).match(/a/g)?.length ?? 0) < 3),
      { seed: SEED },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample?.[0]).toBe('aaa');
  });
});
