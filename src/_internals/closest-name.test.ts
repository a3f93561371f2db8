import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyParams } from '../codec/_internals/property-params.js';
import { closestName, editDistance } from './closest-name.js';

// The textbook recursive definition of the optimal string alignment distance, for small inputs.
function reference(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let best: number;
    if (i === 0) best = j;
    else if (j === 0) best = i;
    else {
      best = Math.min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d(i - 2, j - 2) + 1);
    }
    memo.set(key, best);
    return best;
  };
  return d(a.length, b.length);
}

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('out', 'out')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('outt', 'out')).toBe(1);
    expect(editDistance('ot', 'out')).toBe(1);
    expect(editDistance('oyt', 'out')).toBe(1);
    expect(editDistance('ouptut', 'output')).toBe(1);
    expect(editDistance('max_lenght', 'max_length')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    // OSA, not full Damerau: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('agrees with the recursive definition, is symmetric and bounded by the longer length', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 7 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(reference(a, b));
        expect(editDistance(b, a)).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
      propertyParams('editDistance = OSA reference', 1000),
    );
  });
});

describe('closestName', () => {
  const options = ['out', 'reporter', 'seed', 'runs', 'timeout', 'update-golden'];

  it('finds the key a slip most likely meant', () => {
    expect(closestName('outt', options)).toBe('out');
    expect(closestName('reporer', options)).toBe('reporter');
    expect(closestName('update_golden', options)).toBe('update-golden');
    expect(closestName('Seed', options)).toBe('seed');
    expect(closestName('max_lenght', ['max_length', 'min', 'max'])).toBe('max_length');
    expect(closestName('timeout-ms', ['timeout_ms', 'wasi'])).toBe('timeout_ms');
  });

  it('suggests nothing when nothing is close, or for the name itself', () => {
    expect(closestName('x', options)).toBeUndefined();
    expect(closestName('verbose', options)).toBeUndefined();
    expect(closestName('out', ['out'])).toBeUndefined();
    expect(closestName('out', [])).toBeUndefined();
  });

  it('prefers the nearest candidate, then the earlier one', () => {
    expect(closestName('seeds', ['sed', 'seed'])).toBe('seed');
    expect(closestName('ab', ['aa', 'bb'])).toBe('aa');
  });
});
