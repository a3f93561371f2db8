import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKeg } from '../../../keg/load-keg.js';
import type { Keg, KegPlugin } from '../../../keg/keg.js';
import { parseSuite } from '../../load-suite.js';
import type { Suite } from '../../suite.js';
import { pluginSpecFor } from '../plugin-context.js';
import { INTERFACE_CHECKS, interfaceChecks } from './interface-checks.js';

const KEG = fileURLToPath(new URL('../../../../fixtures/suites/vowelcounter/vowels_wat', import.meta.url));

function suiteOf(type: string, ...functions: string[]): Suite {
  const text = `[suite]\ntype = "${type}"\nversion = "1.0.0"\n${functions.map((f) => `\n[[functions]]\nname = "${f}"\ninput = "string"\noutput = "json"\n`).join('')}`;
  const parsed = parseSuite(text, '/tmp/kegcheck-interface-test/v.suite.toml');
  if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed.findings));
  return parsed.suite;
}

let keg: Keg;
let plugin: KegPlugin;
beforeAll(async () => {
  keg = await loadKeg(KEG);
  const first = keg.plugins[0];
  if (first === undefined) throw new Error('fixture keg has no plugin');
  plugin = first;
});

const run = (suite: Suite, p: KegPlugin = plugin) => interfaceChecks(suite, keg, p, pluginSpecFor(suite, keg, p, p.wasmPath ?? ''));

describe('interface checks', () => {
  it('run in order, one result each, and let a conforming plugin be called', async () => {
    const outcome = await run(suiteOf('kegs.testing.vowelcounter', 'count_vowels'));
    expect(outcome.checks.map((c) => [c.id, c.status])).toEqual(INTERFACE_CHECKS.map((c) => [`interface:${c.id}`, 'pass']));
    expect(outcome).toMatchObject({ callable: true, unlinkable: false, wasmPath: plugin.wasmPath });
    expect(outcome.unusable.size).toBe(0);
  });

  it('a wrong type fails the type check and blocks calls; a missing export makes that function unusable', async () => {
    const outcome = await run(suiteOf('kegs.testing.other', 'count_vowels', 'absent'));
    const status = Object.fromEntries(outcome.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'interface:type': 'fail', 'interface:exports': 'fail', 'interface:imports': 'pass' });
    expect(outcome.checks.find((c) => c.id === 'interface:exports')?.message).toBe("missing export 'absent'");
    expect(outcome.callable).toBe(false);
    expect([...outcome.unusable]).toEqual(['absent']);
  });

  it('a plugin.wasm that cannot be read stops the checks: every function is unusable', async () => {
    const outcome = await run(suiteOf('kegs.testing.vowelcounter', 'count_vowels'), { ...plugin, wasmPath: '/nonexistent/plugin.wasm' });
    expect(outcome.checks.map((c) => c.id)).toEqual(['interface:type', 'interface:manifest', 'interface:wasm']);
    expect(outcome.checks[2]).toMatchObject({ status: 'fail', message: 'cannot read /nonexistent/plugin.wasm: ENOENT' });
    expect(outcome).toMatchObject({ callable: false, wasmPath: undefined });
    expect([...outcome.unusable]).toEqual(['count_vowels']);
  });
});
