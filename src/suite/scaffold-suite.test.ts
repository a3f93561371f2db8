import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import { parseSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import { callableExports, observeOutputs, scaffoldSuite } from './scaffold-suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

let root: ScratchRoot;
let supervisor: Supervisor;
beforeAll(async () => {
  root = await scratchRoot();
  supervisor = new Supervisor({ workers: 1 });
});
afterAll(async () => {
  await supervisor.close();
  await root.dispose();
});

describe('scaffoldSuite for PDK-built plugins', () => {
  it('sets wasi, stubs unknown host functions by their signature, prepares HTTP, leaves toolchain exports out, guesses input by probing, and expects failing probes by outcome', async () => {
    const keg = await loadKeg(await root.keg('pdk_like', [{ name: 'pdk', type: 'kegcheck.test.pdk', wat: 'pdk-like.wat' }]));
    try {
      const plugin = keg.plugins[0];
      if (plugin === undefined) throw new Error('no plugin');
      const exports = await callableExports(plugin);
      expect(exports).toEqual(['greet', 'parse', 'broken', 'weather']);
      const observed = await observeOutputs(supervisor, keg, plugin, exports);
      expect(observed.get('weather')?.failure).toBeUndefined();
      const text = scaffoldSuite(keg, plugin, exports, observed);
      expect(text).toContain('wasi = true');
      expect(text).toContain('allowed_hosts = []');
      expect(text).toContain('# [[host.http]]');
      expect(text).toContain('[[host.functions]]\nname = "get_weather"   # imported as (i64) -> i64\nreturns = "i64"\nvalue = 0');
      expect(text).toContain('[[host.functions]]\nname = "ping"   # imported as () -> ()\nreturns = "none"');
      expect(text).not.toMatch(/_start|__wasm_call_ctors|asyncify|keg_print|"wrong"/);
      expect(text).not.toContain('error = ""');
      expect(text).toMatch(/name = "greet"\ninput = "string"/);
      expect(text).toMatch(/name = "broken"\ninput = "bytes"\noutput/);
      expect(text).toMatch(/name = "parse"\ninput = "json"[^\n]*\noutput = "json"/);
      expect(text).toMatch(/function = "parse"\ninput = \{\}\nexpect = \{ json = \{\} \}/);
      expect(text).toMatch(/# observed: the call ended trap: [^\n]*unreachable[^\n]*\nexpect = \{ outcome = "trap" \}/);

      const parsed = parseSuite(text, `${root.dir}/pdk.suite.toml`);
      if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed.findings, null, 2));
      const result = await runSuite({ ...parsed.suite, properties: [] }, [keg], { supervisor });
      expect(result.plugins[0]?.checks.map((c) => [c.id, c.status, c.message])).toEqual(result.plugins[0]?.checks.map((c) => [c.id, 'pass', undefined]));
    } finally {
      await keg.dispose();
    }
  }, 60_000);

  it('names the hosts and a URL the probes requested, for a plugin built with the official AssemblyScript PDK', async () => {
    const keg = await loadKeg(fileURLToPath(new URL('../../fixtures/suites/forecast/forecast_as_pdk', import.meta.url)));
    try {
      const plugin = keg.plugins[0];
      if (plugin === undefined) throw new Error('no plugin');
      const exports = await callableExports(plugin);
      expect(exports).toEqual(['forecast', 'calls']);
      const text = scaffoldSuite(keg, plugin, exports, await observeOutputs(supervisor, keg, plugin, exports));
      expect(text).toContain('allowed_hosts = []   # the plugin imports http_request; probing saw requests to "api.weather.example"');
      expect(text).toContain('# url = "https://api.weather.example/v1/?key="');
      expect(text).toContain('name = "get_api_key"   # imported as () -> i64');
      expect(text).toMatch(/function = "forecast"\ninput = ""\n# observed: the call ended trap: Call error: HTTP request to [^\n]+\nexpect = \{ outcome = "trap" \}/);
      expect(parseSuite(text, `${root.dir}/forecast.suite.toml`).kind).toBe('ok');
    } finally {
      await keg.dispose();
    }
  }, 60_000);
});
