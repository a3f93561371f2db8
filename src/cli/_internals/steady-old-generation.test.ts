import { describe, expect, it } from 'vitest';
import { afterHeapSetting } from '../__fixtures__/after-heap-setting.js';

function steadyIn(execArgv: readonly string[]): { set: boolean; peakOldMiB: number } {
  // About 10 MiB live, and a stream of objects that live long enough to be promoted, then die.
  const body = `
    const live = Array.from({ length: 100000 }, (_, i) => ({ i, s: 'y'.repeat(64) }));
    let window = [];
    let peak = 0;
    for (let i = 0; i < 1500000; i += 1) {
      window.push({ i, s: 'x'.repeat(i % 64) });
      if (window.length > 40000) window = [];
      if (i % 10000 === 0) peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size);
    }
    process.stdout.write(JSON.stringify({ set, peakOldMiB: peak / 1048576, live: live.length }));
  `;
  return afterHeapSetting(new URL('./steady-old-generation.ts', import.meta.url), 'steadyOldGeneration', body, execArgv);
}

describe('steadyOldGeneration', () => {
  it('keeps the old generation near its live size, unless the user chose the growing factor', () => {
    const steady = steadyIn([]);
    // 0 is V8's own factor, as the user chose it: about twice the peak here.
    const chosen = steadyIn(['--heap-growing-percent=0']);
    expect(steady.set).toBe(true);
    expect(chosen.set).toBe(false);
    expect(steady.peakOldMiB).toBeLessThan(chosen.peakOldMiB);
  }, 60_000);
});
