// A property whose judging throws (here: the host answers a call with no
// result, a kegcheck fault) must end as `error` with the cause, not `fail`.
import { describe, expect, it } from 'vitest';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import { parseSuite } from '../load-suite.js';
import { CoverageTracker } from './coverage-tracker.js';
import { GoldenWrites } from './golden-writes.js';
import type { CallablePlugin, PluginRunContext } from './plugin-context.js';
import { runProperty } from './property-checks.js';

const SUITE = `
[suite]
type = "kegs.testing.echo"
version = "1.0.0"

[[functions]]
name = "echo"
input = "string"
output = "string"

[[properties]]
name = "echo conforms"
function = "echo"
check = "conforms"
runs = 50
`;

describe('a property whose judge throws', () => {
  it('ends as error naming the run and the cause, with the seed to replay it', async () => {
    const loaded = parseSuite(SUITE, '/suites/echo.suite.toml');
    if (loaded.kind !== 'ok') throw new Error(loaded.findings.map((f) => f.message).join('; '));
    const suite = loaded.suite;
    // Answers every call list with nothing: the judge's callOne throws.
    const silent: CallablePlugin = { spec: { wasmPath: 'echo.wasm', pluginDir: 'echo', kegRoot: '.' }, call: async () => [] };
    const ctx: PluginRunContext = {
      suite,
      keg: {} as Keg,
      plugin: {} as KegPlugin,
      target: silent,
      timeoutMs: undefined,
      seed: 42,
      runs: undefined,
      replayPath: undefined,
      prefetch: true,
      updateGolden: false,
      onGoldenUpdated: () => undefined,
      goldenWrites: new GoldenWrites(),
      coverage: new CoverageTracker(suite.functions, []),
      reference: async () => ({ ok: false, message: 'no reference' }),
      withHost: () => silent,
      functionNamed: (name) => {
        const fn = suite.functions.find((f) => f.name === name);
        if (fn === undefined) throw new Error(name);
        return fn;
      },
    };
    const property = suite.properties[0];
    if (property === undefined) throw new Error('no property');
    const result = await runProperty(ctx, property, new Set());
    expect(result.kind).toBe('property');
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^internal error judging run 0 \(not a verdict on the plugin\): Error: the supervisor returned no result/);
    expect(result.seed).toBe(42);
    expect(result.runs).toBe(1);
  });
});
