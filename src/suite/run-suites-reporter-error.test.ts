import { describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import { publishedVowelcounter } from './__fixtures__/published-vowelcounter.js';
import { runSuites } from './run-suites.js';

describe('runSuites with a reporter that throws', () => {
  it('rejects with reporter-failed naming the reporter, with the thrown error as cause, after every item has ended', async () => {
    const { suite, keg } = await publishedVowelcounter();
    const broke = new Error('disk full');
    const ended: string[] = [];
    let error: unknown;
    try {
      await runSuites([{ suite, targets: [{ keg }, { keg }, { keg }] }], {
        seed: 1,
        runs: 5,
        workers: 2,
        concurrency: 2,
        reporters: [
          {
            name: 'fragile',
            onPluginResult: (_suite, result) => {
              ended.push(result.plugin.name);
              throw broke;
            },
            onEnd: async () => [],
          },
        ],
      });
    } catch (caught) {
      error = caught;
    } finally {
      await keg.dispose();
    }
    expect(isKegcheckError(error) ? error.code : error).toBe('reporter-failed');
    expect((error as Error).message).toContain("reporter 'fragile'");
    expect((error as Error).cause).toBe(broke);
    // Called once: after the failure nothing more is delivered.
    expect(ended).toHaveLength(1);
  });
});
