import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../host/supervisor.js';
import { loadKeg } from '../../keg/load-keg.js';
import type { Keg } from '../../keg/keg.js';
import { loadSuite } from '../load-suite.js';
import { summarize, type PluginResult } from '../../model/result.js';
import { validateReport } from '../../report/validate-report.js';
import { runSuite } from '../run-suite.js';
import type { Suite } from '../suite.js';
import type { ProbedCheck } from '../../_internals/probed-check.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SUITE = join(REPO, 'conformance/calc.suite.toml');
const FIXTURES = join(REPO, 'fixtures/suites/calc');
const REJECTS = 'property:invalid inputs are refused cleanly';

let supervisor: Supervisor;
const kegs: Keg[] = [];
beforeAll(() => {
  supervisor = new Supervisor({ workers: 2 });
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
});

async function suite(): Promise<Suite> {
  const loaded = await loadSuite(SUITE);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
  return loaded.suite;
}

async function keg(name: string): Promise<Keg> {
  const k = await loadKeg(join(FIXTURES, name));
  kegs.push(k);
  return k;
}

const check = (plugin: PluginResult | undefined, id: string): ProbedCheck | undefined => plugin?.checks.find((c) => c.id === id);

describe('the calc suite: JSON in and out under input_schema and output_schema', () => {
  it('passes the Rust and AssemblyScript plugins on every check, rejects_invalid included (seed 3)', async () => {
    const result = await runSuite(await suite(), [await keg('calc_rust'), await keg('calc_as')], { supervisor, seed: 3 });
    for (const plugin of result.plugins) {
      expect(plugin.checks.filter((c) => c.status !== 'pass').map((c) => [plugin.keg.name, c.id, c.message]), plugin.keg.name).toEqual([]);
      expect(check(plugin, REJECTS)?.runs).toBe(300);
      // Contract coverage: the four golden cases and the valid-input properties went through both oneOf
      // alternatives, every op and "twice" both ways; rejects_invalid's inputs are not counted.
      const contract = plugin.coverage.functions[0]?.contract ?? [];
      const counts = Object.fromEntries(contract.map((b) => [`${b.pointer} ${b.label}`, [b.cases, b.propertyRuns > 0]]));
      expect(counts).toEqual({
        '/oneOf/0 oneOf[0]': [3, true],
        '/oneOf/1 oneOf[1] (op = "neg")': [1, true],
        '/oneOf/0/properties/op/enum/0 enum "add"': [1, true],
        '/oneOf/0/properties/op/enum/1 enum "sub"': [1, true],
        '/oneOf/0/properties/op/enum/2 enum "mul"': [1, true],
        '/oneOf/0/properties/twice "twice" present': [0, true],
        '/oneOf/0/properties/twice "twice" absent': [3, true],
        '/oneOf/1/properties/twice "twice" present': [1, true],
        '/oneOf/1/properties/twice "twice" absent': [0, true],
      });
      expect(contract.reduce((n, b) => n + b.propertyRuns, 0)).toBeGreaterThan(0);
    }
  }, 240_000);

  it('conforms draws valid inputs only: without input_schema the plain JSON generator sends inputs calc refuses (seed 3)', async () => {
    const full = await suite();
    const id = 'property:valid inputs get schema-conforming answers';
    const withSchema = await runSuite(full, [await keg('calc_rust')], { supervisor, seed: 3, checks: [id] });
    expect(check(withSchema.plugins[0], id)).toMatchObject({ status: 'pass', runs: 200 });
    const bare = { ...full.functions[0]! };
    delete (bare as { inputSchema?: unknown }).inputSchema;
    const withoutSchema = await runSuite({ ...full, functions: [bare] }, [await keg('calc_rust')], { supervisor, seed: 3, checks: [id] });
    const failed = check(withoutSchema.plugins[0], id);
    expect(failed?.status).toBe('fail');
    expect(failed?.message).toMatch(/plugin-error|failed/);
  }, 240_000);

  it('catches the plugin that traps on a missing key, with a shrunk input and the rule it broke (seed 5)', async () => {
    const strict = { ...(await suite()), expectedFail: [] };
    const result = await runSuite(strict, [await keg('calc_missing_key_trap')], { supervisor, seed: 5, checks: [REJECTS] });
    const failed = check(result.plugins[0], REJECTS);
    expect(failed?.status).toBe('fail');
    expect(failed?.seed).toBe(5);
    expect(failed?.message).toMatch(/trap/);
    expect(failed?.counterexample?.broke).toMatchObject({ mutation: 'missing-required', keyword: 'required' });
    expect(failed?.counterexample?.shrinks).toBeGreaterThan(0);
    // Shrunk to the smallest input that still lacks "b": a binary op with a = 0.
    expect(failed?.counterexample?.values).toEqual({ op: expect.stringMatching(/^(add|sub|mul)$/), a: 0 });
    expect(failed?.notes?.[0]).toContain("missing-required: 'required'");
    expect(failed?.replayPath).toMatch(/^\d+(:\d+)*$/);
    // The rule travels in the JSON report, whose schema knows it.
    const report = { schemaVersion: 1, meta: { kegcheckVersion: '0', nodeVersion: process.version, extismVersion: '1.0.3', seed: 5, startedAt: new Date(0).toISOString(), finishedAt: new Date(0).toISOString() }, suites: [result], summary: summarize([result]) };
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
    // With the suite's expected_fail entry it is a known failure, not a failed run.
    const listed = await runSuite(await suite(), [await keg('calc_missing_key_trap')], { supervisor, seed: 5, checks: [REJECTS] });
    expect(check(listed.plugins[0], REJECTS)?.status).toBe('xfail');
  }, 240_000);
});
