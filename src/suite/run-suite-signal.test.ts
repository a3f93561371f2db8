import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { isKegcheckError } from '../kegcheck-error.js';
import { loadKeg } from '../keg/load-keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('runSuite and its AbortSignal', () => {
  it('stops the calls in flight and rejects with aborted instead of reporting verdicts it never reached', async () => {
    const loaded = await loadSuite(`${ROOT}conformance/vowelcounter.suite.toml`);
    if (loaded.kind !== 'ok') throw new Error('the published vowelcounter suite did not load');
    const keg = await loadKeg(`${ROOT}fixtures/suites/vowelcounter/vowels_wat`);
    const supervisor = new Supervisor({ workers: 1 });
    const controller = new AbortController();
    const delivered: unknown[] = [];
    try {
      // Far more runs than finish before the abort.
      const pending = runSuite(loaded.suite, [keg], { seed: 1, runs: 2_000_000, supervisor, signal: controller.signal, onPluginResult: (r) => delivered.push(r) });
      while (!supervisor.activeCalls().some((c) => c.fn === 'count_vowels')) await new Promise((resolve) => setTimeout(resolve, 5));
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
