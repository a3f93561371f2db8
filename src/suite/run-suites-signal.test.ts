import { describe, expect, it } from 'vitest';
import type { PluginResult } from '../model/result.js';
import { publishedVowelcounter } from './__fixtures__/published-vowelcounter.js';
import { runSuites, type SuitePlan } from './run-suites.js';

async function plans(): Promise<SuitePlan[]> {
  const { suite, keg } = await publishedVowelcounter();
  // The same suite twice: an abort during the first must keep the second from starting.
  return [suite, suite].map((suite) => ({ suite, targets: [{ keg }] }));
}

describe('runSuites and its AbortSignal', () => {
  it('installs no SIGINT handler of its own (the CLI owns signals)', async () => {
    const before = process.listenerCount('SIGINT');
    let during = -1;
    await runSuites(await plans(), {
      seed: 1,
      runs: 5,
      reporters: [{ name: 'probe', onPluginResult: () => { during = process.listenerCount('SIGINT'); }, onEnd: async () => [] }],
    });
    expect(during).toBe(before);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('runs nothing when the signal is already aborted, and stops before the next suite when aborted mid-run', async () => {
    const none = await runSuites(await plans(), { seed: 1, runs: 5, signal: AbortSignal.abort() });
    expect(none.report.suites).toEqual([]);

    const controller = new AbortController();
    const seen: PluginResult[] = [];
    const partial = await runSuites(await plans(), {
      seed: 1,
      runs: 5,
      signal: controller.signal,
      reporters: [{ name: 'aborter', onPluginResult: (_suite, result) => { seen.push(result); controller.abort(); }, onEnd: async () => [] }],
    });
    expect(seen).toHaveLength(1);
    expect(partial.report.suites).toHaveLength(1);
  });
});
