import { describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { publishedVowelcounter } from './__fixtures__/published-vowelcounter.js';
import { runSuite } from './run-suite.js';

describe('runSuite when the run throws', () => {
  it('cleans up (reference kegs, its own supervisor) and rethrows the error that stopped it, untouched', async () => {
    const { suite, keg } = await publishedVowelcounter();
    const boom = new Error('the caller failed on a result');
    try {
      // A property against the reference keg loads it, so there is a reference to dispose.
      const run = runSuite(suite, [keg], { seed: 1, runs: 3, onPluginResult: () => { throw boom; } });
      await expect(run).rejects.toBe(boom);
    } finally {
      await keg.dispose();
    }
  });

  it('leaves a supervisor it was given open for the caller', async () => {
    const { suite, keg } = await publishedVowelcounter();
    const supervisor = new Supervisor({ workers: 1 });
    const boom = new Error('stop');
    try {
      await expect(runSuite(suite, [keg], { supervisor, seed: 1, runs: 3, checks: ['case:*'], onPluginResult: () => { throw boom; } })).rejects.toBe(boom);
      // Still usable: the same supervisor runs the suite again.
      const again = await runSuite(suite, [keg], { supervisor, seed: 1, runs: 3, checks: ['case:*'] });
      expect(again.plugins[0]?.checks.length).toBeGreaterThan(0);
    } finally {
      await supervisor.close();
      await keg.dispose();
    }
  });
});
