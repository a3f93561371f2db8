import { describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { isKegcheckError } from '../kegcheck-error.js';
import { publishedVowelcounter } from './__fixtures__/published-vowelcounter.js';
import { runSuite } from './run-suite.js';

describe('runSuite and its AbortSignal', () => {
  it('stops the calls in flight and rejects with aborted instead of reporting verdicts it never reached', async () => {
    const { suite, keg } = await publishedVowelcounter();
    const supervisor = new Supervisor({ workers: 1 });
    const controller = new AbortController();
    const delivered: unknown[] = [];
    try {
      // Far more runs than finish before the abort.
      const pending = runSuite(suite, [keg], { seed: 1, runs: 2_000_000, supervisor, signal: controller.signal, onPluginResult: (r) => delivered.push(r) });
      // Polled at every turn of the loop, not on a timer: in a property, each call is a few
      // microseconds between draws, and a 5 ms poll could miss them for seconds under load.
      while (!supervisor.activeCalls().some((c) => c.fn === 'count_vowels')) await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      controller.abort();
      let error: unknown;
      try {
        await pending;
      } catch (caught) {
        error = caught;
      }
      expect(isKegcheckError(error) ? error.code : error).toBe('aborted');
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(delivered).toEqual([]);
      expect(supervisor.activeCalls()).toEqual([]);
    } finally {
      await supervisor.close();
      await keg.dispose();
    }
  });
});
