import { describe, expect, it } from 'vitest';
import { afterHeapSetting } from '../__fixtures__/after-heap-setting.js';

function steadyIn(env: NodeJS.ProcessEnv, execArgv: readonly string[]): { set: boolean; semiSpaceMiB: number } {
  // Allocate and keep enough across scavenges that V8 would grow the young generation.
  const body = `
    const keep = [];
    for (let i = 0; i < 400000; i += 1) { keep.push({ i, s: 'x'.repeat(i % 64) }); if (keep.length > 100000) keep.splice(0, 50000); }
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(JSON.stringify({ set, semiSpaceMiB: space.space_size / 2 / 1048576 }));
  `;
  return afterHeapSetting(new URL('./steady-young-generation.ts', import.meta.url), 'steadyYoungGeneration', body, execArgv, env);
}

describe('steadyYoungGeneration', () => {
  it('keeps the young generation from growing, unless the user sized it', () => {
    const steady = steadyIn({ NODE_OPTIONS: '' }, []);
    const chosen = steadyIn({ NODE_OPTIONS: '' }, ['--max-semi-space-size=16']);
    expect(steady.set).toBe(true);
    expect(chosen.set).toBe(false);
    expect(steady.semiSpaceMiB).toBeLessThan(chosen.semiSpaceMiB);
  }, 60_000);
});
