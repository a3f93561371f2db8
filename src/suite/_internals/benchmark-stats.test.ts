import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseIterations, formatFigure, median, quantile } from './benchmark-stats.js';

describe('benchmark statistics', () => {
  it('quantile takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.95)).toBe(95);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('the median of per-round ratios ignores one disturbed round', () => {
    expect(median([2, 2.1, 1.9, 40, 2])).toBe(2);
  });

  it('quantile lies within the values and grows with q (seed recorded by fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 1e6 }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const v = quantile(values, q);
        expect(values).toContain(v);
        expect(quantile(values, Math.min(1, q + 0.1))).toBeGreaterThanOrEqual(v);
      }),
      { seed: 16 },
    );
  });

  it('iterations fit the budget within bounds', () => {
    expect(chooseIterations(2000, 10, 1)).toBe(200);
    expect(chooseIterations(2000, 10, 0.0001)).toBe(10_000);
    expect(chooseIterations(2000, 10, 500)).toBe(10);
  });

  it('formats figures with 3 significant digits', () => {
    expect(formatFigure(21.3456)).toBe('21.3');
    expect(formatFigure(0.012345)).toBe('0.0123');
    expect(formatFigure(1234.5)).toBe('1230');
  });
});
