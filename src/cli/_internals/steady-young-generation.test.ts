import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Each case runs in a fresh node process: V8 flags are per process, and this one is vitest's.
function inFreshNode(env: NodeJS.ProcessEnv, execArgv: readonly string[]): { set: boolean; semiSpaceMiB: number } {
  const script = `
    const { steadyYoungGeneration } = await import(${JSON.stringify(new URL('./steady-young-generation.ts', import.meta.url).href)});
    const { getHeapSpaceStatistics } = await import('node:v8');
    const { Worker } = await import('node:worker_threads');
    const set = steadyYoungGeneration();
    // A worker starting up resets V8's flags: the setting must survive it.
    const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
    await new Promise((resolve) => worker.once('online', () => setTimeout(resolve, 20)));
    // Allocate and keep enough across scavenges that V8 would grow the young generation.
    const keep = [];
    for (let i = 0; i < 400000; i += 1) { keep.push({ i, s: 'x'.repeat(i % 64) }); if (keep.length > 100000) keep.splice(0, 50000); }
    const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(JSON.stringify({ set, semiSpaceMiB: space.space_size / 2 / 1048576 }));
  `;
  const out = execFileSync(process.execPath, [...execArgv, '--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as { set: boolean; semiSpaceMiB: number };
}

describe('steadyYoungGeneration', () => {
  it('keeps the young generation from growing, unless the user sized it', () => {
    const steady = inFreshNode({ NODE_OPTIONS: '' }, []);
    const chosen = inFreshNode({ NODE_OPTIONS: '' }, ['--max-semi-space-size=16']);
    expect(steady.set).toBe(true);
    expect(chosen.set).toBe(false);
    expect(steady.semiSpaceMiB).toBeLessThan(chosen.semiSpaceMiB);
  }, 60_000);
});
