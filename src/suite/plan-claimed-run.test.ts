import { describe, expect, it } from 'vitest';
import type { Keg } from '../keg/keg.js';
import { parseSuite } from './load-suite.js';
import { invalidClaims, planClaimedRun } from './plan-claimed-run.js';
import type { Suite } from './suite.js';

function suite(version: string, type = 'acme.t'): Suite {
  const loaded = parseSuite(`[suite]\ntype = "${type}"\nversion = "${version}"\n[[functions]]\nname = "f"\ninput = "none"\noutput = "none"\n`, `/s/${type}-${version}.suite.toml`);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  return loaded.suite;
}

function keg(name: string, plugins: { name: string; type?: string; conforms?: string[] }[], findings: Keg['findings'] = []): Keg {
  return {
    source: `/k/${name}`,
    root: `/k/${name}`,
    kind: 'folder',
    name,
    version: '1.0.0',
    manifestFile: `/k/${name}/keg.toml`,
    plugins: plugins.map((p) => ({ name: p.name, type: p.type ?? 'acme.t', dir: `/k/${name}/plugins/${p.name}`, wasmPath: undefined, metadata: p.conforms === undefined ? {} : { conforms: p.conforms }, hasSources: false, imports: [], exports: [] })),
    findings,
    dispose: async () => {},
  };
}

const picked = (plan: ReturnType<typeof planClaimedRun>): string[] => plan.plans.flatMap((p) => p.targets.map((t) => `${t.keg.name}:${t.plugin ?? '*'}@${p.suite.version}`)).sort();

describe('planClaimedRun', () => {
  it('with one suite per type and no claims it is planRun', () => {
    const k = keg('a', [{ name: 'p' }]);
    const plan = planClaimedRun([suite('1.0.0')], [{ keg: k }]);
    expect(picked(plan)).toEqual(['a:*@1.0.0']);
    expect(plan.claims).toEqual([]);
  });

  it('picks, per claim, the newest version in range; unclaimed plugins the newest release', () => {
    const suites = ['1.0.0', '1.2.5', '1.4.0', '2.0.0', '3.0.0-rc.1'].map((v) => suite(v));
    const k = keg('a', [{ name: 'free' }, { name: 'one', conforms: ['acme.t@~1.2'] }, { name: 'two', conforms: ['acme.t@^1.0', 'acme.t@2'] }, { name: 'rc', conforms: ['acme.t@^3.0.0-rc'] }]);
    const plan = planClaimedRun(suites, [{ keg: k }]);
    expect(picked(plan)).toEqual(['a:free@2.0.0', 'a:one@1.2.5', 'a:rc@3.0.0-rc.1', 'a:two@1.4.0', 'a:two@2.0.0']);
    expect(plan.findings).toEqual([]);
  });

  it('a claim nothing satisfies is a finding; claims of other types are ignored', () => {
    const k = keg('a', [{ name: 'p', conforms: ['acme.t@^5', 'other.t@^1'] }, { name: 'q', type: 'other.t' }]);
    const plan = planClaimedRun([suite('1.0.0'), suite('1.1.0')], [{ keg: k }]);
    expect(picked(plan)).toEqual([]);
    expect(plan.findings.map((f) => [f.code, f.location.keyPath])).toEqual([['conforms-unsatisfied', 'conforms[0]']]);
    expect(plan.claims).toEqual([{ keg: 'a', kegSource: '/k/a', plugin: 'p', type: 'acme.t', range: '^5' }]);
  });

  it('invalidClaims picks the claim errors out of the keg findings', () => {
    const bad = { code: 'conforms-range' as const, severity: 'error' as const, message: 'x', location: { file: 'm', keyPath: 'conforms[0]' } };
    const schema = { code: 'schema' as const, severity: 'error' as const, message: 'y', location: { file: 'm', keyPath: 'conforms[1]' } };
    const other = { code: 'schema' as const, severity: 'error' as const, message: 'z', location: { file: 'm', keyPath: 'name' } };
    expect(invalidClaims([{ keg: keg('a', [{ name: 'p' }], [bad, schema, other]) }])).toEqual([bad, schema]);
  });
});
