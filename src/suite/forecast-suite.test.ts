import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import { probed } from '../_internals/probed-check.js';

// The official-PDK fixture: kegs written with @extism/as-pdk (config, vars,
// logs, a host function, HTTP through mocks) against conformance/forecast.suite.toml.
const REPO = fileURLToPath(new URL('../../', import.meta.url));

let supervisor: Supervisor;
const kegs: Keg[] = [];
beforeAll(() => {
  supervisor = new Supervisor({ workers: 2 });
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
});

describe('the forecast suite on kegs built with the official AssemblyScript PDK', () => {
  it('passes the good keg on every check; the broken keg fails only the imperial-units case', async () => {
    const loaded = await loadSuite(join(REPO, 'conformance/forecast.suite.toml'));
    if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
    const suite = loaded.suite;
    const targets = await Promise.all(suite.fixtures.map(async (f) => {
      const k = await loadKeg(f);
      kegs.push(k);
      return k;
    }));
    expect(targets.map((k) => k.name)).toEqual(['forecast_as_pdk', 'forecast_ignores_units']);
    const listed = await runSuite(suite, targets, { supervisor, seed: 5 });
    const [good, broken] = listed.plugins;
    expect(good?.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.message])).toEqual([]);
    expect(probed(good?.checks.find((c) => c.id === 'case:paris'))?.httpRequests).toEqual([{ method: 'GET', url: 'https://api.weather.example/v1/paris?key=k-123', outcome: 'answered', status: 200 }]);
    expect(broken?.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([['case:imperial units', 'xfail']]);

    const unlisted = await runSuite({ ...suite, expectedFail: [] }, [targets[1] as Keg], { supervisor, seed: 5 });
    const failing = unlisted.plugins[0]?.checks.filter((c) => c.status !== 'pass');
    expect(failing?.map((c) => [c.id, c.status])).toEqual([['case:imperial units', 'fail']]);
    expect(probed(failing?.[0])?.diff?.actual).toContain('"units": "metric"');
  }, 120_000);
});
