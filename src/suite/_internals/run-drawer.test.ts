import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesArbitrary } from '../../codec/arbitraries.js';
import type { Signature } from '../../codec/signature.js';
import { RunDrawer } from './run-drawer.js';

// Every field type with its edge values and length limits, as a property draws them.
const packed = { kind: 'packed', fields: [
  { name: 'a', type: 'i64' },
  { name: 'b', type: 'f32' },
  { name: 'c', type: 'str' },
  { name: 'd', type: 'bin' },
] } as unknown as Signature;
const arbitrary = valuesArbitrary(packed, { c: { maxLength: 12 }, d: { maxLength: 40 } });

describe('RunDrawer', () => {
  it('draws exactly the values fc.sample draws for the same runs, from any run on and across the bias steps (seeds recorded)', () => {
    for (const seed of [0, 1, 42, -7, 2_147_483_647, 123_456.5]) {
      for (const [from, count] of [
        [0, 120],
        [1, 30],
        [95, 20],
        [990, 25],
        [9990, 15],
      ] as const) {
        const expected = fc.sample(arbitrary, { seed, numRuns: count, ...(from === 0 ? {} : { path: String(from) }) });
        expect(new RunDrawer(arbitrary, seed, from).draw(count), `seed ${seed}, runs ${from}+${count}`).toEqual(expected);
      }
    }
  });

  it('keeps its place between draws, as one fc.sample of all the runs', () => {
    const seed = 99;
    const drawer = new RunDrawer(arbitrary, seed);
    const parts = [drawer.draw(7), drawer.draw(50), drawer.draw(200)];
    expect(drawer.next).toBe(257);
    expect(parts.flat()).toEqual(fc.sample(arbitrary, { seed, numRuns: 257 }));
    drawer.skipTo(300);
    expect(drawer.draw(3)).toEqual(fc.sample(arbitrary, { seed, numRuns: 3, path: '300' }));
  });
});
