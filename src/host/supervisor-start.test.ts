import { describe, expect, it } from 'vitest';
import { decode, fixtureSpec, text } from './_internals/fixture-specs.js';
import { Supervisor } from './supervisor.js';

const probe = fixtureSpec('probe-keg', 'probe');

describe('Supervisor start deadline', () => {
  it('a worker that does not begin a batch in time ends its calls as crash instead of leaving run() waiting', async () => {
    // No thread boots within 1 ms: from the supervisor's side that is a worker hung while starting.
    const supervisor = new Supervisor({ workers: 1, startDeadlineMs: 1 });
    try {
      const began = performance.now();
      const results = await supervisor.run(probe, [
        { fn: 'echo', input: text('a') },
        { fn: 'echo', input: text('b'), fresh: false },
        { fn: 'echo', input: text('c') },
      ]);
      expect(results.map((r) => r.kind)).toEqual(['crash', 'crash', 'crash']);
      expect(results[0]?.kind === 'crash' ? results[0].message : '').toBe('the worker thread did not start the batch within 1 ms');
      expect(performance.now() - began).toBeLessThan(5000);
      const lease = supervisor.lease(probe);
      const leased = await lease.run([{ fn: 'echo', input: text('d') }, { fn: 'echo', input: text('e') }]);
      expect(leased.map((r) => r.kind)).toEqual(['crash', 'crash']);
      await lease.close();
    } finally {
      await supervisor.close();
    }
  }, 30_000);

  it('within the default deadline the same calls run', async () => {
    const supervisor = new Supervisor({ workers: 1 });
    try {
      const [result] = await supervisor.run(probe, [{ fn: 'echo', input: text('ok') }]);
      expect(result?.kind === 'ok' ? decode(result.output) : result).toBe('ok');
    } finally {
      await supervisor.close();
    }
  }, 30_000);
});
