import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import type { PluginResult } from '../model/result.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';
import { hostileSuite } from './__fixtures__/hostile-suite.js';
import { probed, type ProbedCheck } from '../_internals/probed-check.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TYPE = 'kegcheck.test.multi';

async function suiteAt(file: string): Promise<Suite> {
  const loaded = await loadSuite(file);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
  return loaded.suite;
}

function byId(plugin: PluginResult | undefined): Map<string, ProbedCheck> {
  return new Map((plugin?.checks ?? []).map((c) => [c.id, c]));
}

function statuses(plugin: PluginResult | undefined): Record<string, string> {
  return Object.fromEntries((plugin?.checks ?? []).map((c) => [c.id, c.status]));
}

let supervisor: Supervisor;
const kegs: Keg[] = [];
async function keg(path: string): Promise<Keg> {
  const k = await loadKeg(path);
  kegs.push(k);
  return k;
}

beforeAll(() => {
  supervisor = new Supervisor({ workers: 2 });
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
});

describe('runSuite on the published vowel counter suite', () => {
  const suiteFile = join(REPO, 'conformance/vowelcounter.suite.toml');
  const good = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');
  const broken = join(REPO, 'fixtures/suites/vowelcounter/vowels_lowercase_only');

  it('passes the good keg on every check and marks the broken keg xfail exactly where listed', async () => {
    const suite = await suiteAt(suiteFile);
    const result = await runSuite(suite, [await keg(good), await keg(broken)], { supervisor, seed: 7 });
    const [ok, bad] = result.plugins;
    expect(ok?.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(ok?.verdict).toBe('pass');
    expect(ok?.coverage.functions).toEqual([{ name: 'count_vowels', cases: suite.cases.length, propertyRuns: expect.any(Number), called: true }]);
    const badChecks = byId(bad);
    expect(badChecks.get('case:uppercase AEIOU')?.status).toBe('xfail');
    expect(badChecks.get('case:hello')?.status).toBe('pass');
    expect(bad?.checks.filter((c) => c.status !== 'pass' && c.status !== 'xfail')).toEqual([]);
    expect(bad?.verdict).toBe('pass');
    const oracle = badChecks.get('property:count matches the oracle on vowel-heavy text');
    expect(oracle?.status).toBe('xfail');
    expect(oracle?.seed).toBe(7);
    expect(oracle?.counterexample?.values).toMatch(/^[AEIOU]$/);
    expect(oracle?.counterexample?.hex).toContain('raw string');
    expect(oracle?.counterexample?.outputHex).toContain('{"count":0}');
  });

  it('checks keg × plugin items side by side with the same report, in plan order, as one at a time', async () => {
    const suite = await suiteAt(suiteFile);
    const targets = [await keg(good), await keg(broken), await keg(broken), await keg(good)];
    const strip = (plugins: readonly PluginResult[]) =>
      plugins.map((p) => [p.keg.name, p.plugin.name, p.verdict, p.checks.map((check) => probed(check)).map((c) => [c.id, c.status, c.runs, c.counterexample?.values, c.replayPath])]);
    const streamed: PluginResult[] = [];
    const sequential = await runSuite(suite, targets, { supervisor, seed: 7 });
    const concurrent = await runSuite(suite, targets, { supervisor, seed: 7, concurrency: 3, onPluginResult: (r) => streamed.push(r) });
    expect(strip(concurrent.plugins)).toEqual(strip(sequential.plugins));
    expect(strip(concurrent.plugins).map(([name]) => name)).toEqual(targets.map((k) => k.name));
    expect(streamed).toEqual(concurrent.plugins);
  });

  it('reports fail, not xfail, once the expected_fail list is gone, and replays the counterexample from seed and path', async () => {
    const suite = { ...(await suiteAt(suiteFile)), expectedFail: [] };
    const id = 'property:count matches the oracle on vowel-heavy text';
    const result = await runSuite(suite, [await keg(broken)], { supervisor, seed: 11, checks: [id] });
    const first = byId(result.plugins[0]).get(id);
    expect(first?.status).toBe('fail');
    expect(result.plugins[0]?.verdict).toBe('fail');
    expect(first?.replayPath).toMatch(/^\d+(:\d+)*$/);
    const replay = await runSuite(suite, [await keg(broken)], { supervisor, seed: 11, runs: 1, replayPath: first?.replayPath ?? '', checks: [id] });
    const again = byId(replay.plugins[0]).get(id);
    expect(again?.status).toBe('fail');
    expect(again?.runs).toBe(1);
    expect(again?.counterexample?.values).toEqual(first?.counterexample?.values);
  });
});

describe('runSuite on every published suite and its fixture kegs', () => {
  it('passes good kegs on every check; broken kegs fail only where expected_fail says, properties with a shrunk counterexample', async () => {
    const files = ['vowelcounter', 'packed', 'resources', 'calc'].map((n) => join(REPO, `conformance/${n}.suite.toml`));
    let brokenKegs = 0;
    for (const file of files) {
      const suite = await suiteAt(file);
      const targets = await Promise.all(suite.fixtures.map((f) => keg(f)));
      const result = await runSuite(suite, targets, { supervisor, seed: 1 });
      for (const plugin of result.plugins) {
        const label = `${file} ${plugin.keg.name}`;
        const notPass = plugin.checks.filter((c) => c.status !== 'pass');
        expect(notPass.filter((c) => c.status !== 'xfail').map((c) => [c.id, c.status, c.message]), label).toEqual([]);
        const listed = suite.expectedFail.some((e) => e.keg === plugin.keg.name);
        expect(notPass.length > 0, `${label}: fails only if listed in expected_fail`).toBe(listed);
        if (!listed) continue;
        brokenKegs += 1;
        for (const c of notPass.filter((x) => x.kind === 'property')) {
          expect(c.counterexample?.hex, `${label} ${c.id}`).toContain('bytes');
          expect(c.seed).toBe(1);
          expect(c.replayPath).toMatch(/^\d+(:\d+)*$/);
        }
      }
    }
    expect(brokenKegs).toBeGreaterThanOrEqual(3);
  }, 240_000);
});

describe('runSuite on hostile plugins', () => {
  it('turns runaway, trapping, flooding and unlinkable plugins into results and finishes', async () => {
    const root = await scratchRoot();
    try {
      const file = await root.file(
        'hostile.suite.toml',
        hostileSuite({ withCase: true }),
      );
      const hostile = await keg(join(REPO, 'fixtures/hostile/hostile-keg'));
      const plugins = ['loop_forever', 'grow_memory', 'trap', 'huge_output', 'unknown_import', 'init_trap'];
      const result = await runSuite(await suiteAt(file), plugins.map((plugin) => ({ keg: hostile, plugin })), { supervisor, seed: 2 });
      const verdicts = Object.fromEntries(result.plugins.map((p) => [p.plugin.name, [statuses(p)['case:run'], statuses(p)['property:conforms:run']]]));
      expect(verdicts).toEqual({
        loop_forever: ['timeout', 'timeout'],
        grow_memory: ['fail', 'fail'],
        trap: ['fail', 'fail'],
        huge_output: ['fail', 'fail'],
        unknown_import: ['skip', 'skip'],
        init_trap: ['fail', 'fail'],
      });
      const loop = result.plugins.find((p) => p.plugin.name === 'loop_forever');
      expect(byId(loop).get('property:conforms:run')?.runs).toBe(1);
      expect(byId(result.plugins.find((p) => p.plugin.name === 'trap')).get('case:run')?.message).toMatch(/^the call failed: trap/);
      expect(byId(result.plugins.find((p) => p.plugin.name === 'unknown_import')).get('interface:imports')?.status).toBe('fail');
    } finally {
      await root.dispose();
    }
  });
});

describe('runSuite on scratch WAT kegs', () => {
  let root: ScratchRoot;
  let suiteFile: string;
  let goodPath: string;
  let brokenPath: string;
  const SUITE = (extra = ''): string => `
[suite]
type = "${TYPE}"
version = "1.0.0"
reference = "good"

[[functions]]
name = "echo"
args = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]
returns = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]

[[functions]]
name = "fail"
input = "string"
output = "string"

[[functions]]
name = "counter"
input = "none"
output = "string"

[[functions]]
name = "chatty"
input = "string"
output = "string"

[[cases]]
name = "echo values"
function = "echo"
args = [-5, 1.5, "hé", { hex = "00ff" }]
expect = { returns = [-5, 1.5, "hé", { hex = "00ff" }] }

[[cases]]
name = "fail says boom"
function = "fail"
input = "x"
expect = { error = "^boom" }

[[cases]]
name = "counter keeps state"
[[cases.steps]]
function = "counter"
expect = { text = "1" }
[[cases.steps]]
function = "counter"
expect = { text = "2" }

[[cases]]
name = "counter starts fresh"
function = "counter"
expect = { text = "1" }

[[cases]]
name = "chatty prints and logs"
function = "chatty"
input = "yo"
expect = { text = "yo" }
prints = ["printed"]
logs = [{ level = "info", text = "hi" }]

[[properties]]
function = "echo"
check = "roundtrip"
runs = 80

[[properties]]
function = "counter"
check = "deterministic"
runs = 3

[[properties]]
function = "chatty"
check = "matches_reference"
runs = 15
${extra}`;

  beforeAll(async () => {
    root = await scratchRoot();
    goodPath = await root.keg('good', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
    brokenPath = await root.keg('sign_dropped', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '1' } }]);
    suiteFile = await root.file('multi.suite.toml', SUITE(`
[[expected_fail]]
keg = "*"
check = "deterministic:counter"
reason = "counter keeps state between calls on one instance"
`));
  });
  afterAll(async () => {
    await root.dispose();
  });

  it('passes a conformant plugin: packed values, errors, stateful steps, prints and logs, reference', async () => {
    const suite = await suiteAt(suiteFile);
    const result = await runSuite(suite, [await keg(goodPath)], { supervisor, seed: 3 });
    const plugin = result.plugins[0];
    expect(statuses(plugin)).toEqual({
      'interface:type': 'pass',
      'interface:manifest': 'pass',
      'interface:wasm': 'pass',
      'interface:exports': 'pass',
      'interface:imports': 'pass',
      'case:echo values': 'pass',
      'case:fail says boom': 'pass',
      'case:counter keeps state': 'pass',
      'case:counter starts fresh': 'pass',
      'case:chatty prints and logs': 'pass',
      'property:roundtrip:echo': 'pass',
      'property:deterministic:counter': 'xfail',
      'property:matches_reference:chatty': 'pass',
    });
    const chatty = byId(plugin).get('case:chatty prints and logs');
    expect(chatty?.prints).toEqual(['printed']);
    expect(chatty?.logs).toEqual([{ level: 'info', text: 'hi' }]);
    expect(plugin?.coverage.hostFunctionsCalled).toEqual(['keg_log', 'keg_print']);
    expect(byId(plugin).get('property:deterministic:counter')?.diff).toBeDefined();
    expect(plugin?.verdict).toBe('pass');
  });

  it('catches a dropped i64 sign with a shrunk counterexample shown in hex', async () => {
    const suite = await suiteAt(suiteFile);
    const result = await runSuite(suite, [await keg(brokenPath)], { supervisor, seed: 5, runs: 200 });
    const checks = byId(result.plugins[0]);
    expect(checks.get('case:echo values')?.status).toBe('fail');
    expect(checks.get('case:echo values')?.diff?.actual).toContain('9223372036854775803');
    const roundtrip = checks.get('property:roundtrip:echo');
    expect(roundtrip?.status).toBe('fail');
    expect(roundtrip?.counterexample?.shrinks).toBeGreaterThan(0);
    // Shrunk as far as it goes: the smallest negative i64 and empty everything else.
    expect(roundtrip?.counterexample?.values).toEqual(['-1', 0, '', { hex: '', length: 0 }]);
    expect(roundtrip?.counterexample?.hex).toContain('ff ff ff ff ff ff ff ff');
    expect(roundtrip?.counterexample?.outputHex).toContain('ff ff ff ff ff ff ff 7f');
    expect(roundtrip?.message).toContain('output does not decode to the input');
    expect(result.plugins[0]?.verdict).toBe('fail');
  });

  it('gives the same verdicts, counterexample and run count with and without batched prefetch', async () => {
    const suite = await suiteAt(suiteFile);
    const strip = (p: PluginResult | undefined) => p?.checks.map((check) => probed(check)).map((c) => [c.id, c.status, c.runs, c.counterexample?.values, c.replayPath]);
    const batched = await runSuite(suite, [await keg(brokenPath)], { supervisor, seed: 21, checks: ['property:*'] });
    const live = await runSuite(suite, [await keg(brokenPath)], { supervisor, seed: 21, checks: ['property:*'], prefetch: false });
    expect(strip(batched.plugins[0])).toEqual(strip(live.plugins[0]));
    expect(byId(batched.plugins[0]).get('property:roundtrip:echo')?.status).toBe('fail');
  });

  it('reports an oracle mismatch with the failing run\'s prints and logs', async () => {
    await root.file('oracles/upper.mjs', 'export function chatty(text) { return text.toUpperCase(); }\n');
    const file = await root.file('oracle.suite.toml', SUITE(`
[[properties]]
name = "chatty shouts"
function = "chatty"
check = "oracle"
oracle = "oracles/upper.mjs"
alphabet = "ab"
runs = 30
`));
    const result = await runSuite(await suiteAt(file), [await keg(goodPath)], { supervisor, seed: 4, checks: ['chatty shouts'] });
    const check = byId(result.plugins[0]).get('property:chatty shouts');
    expect(check?.status).toBe('fail');
    expect(check?.counterexample?.values).toBe('a');
    expect(check?.diff).toEqual({ expected: '"A"', actual: '"a"' });
    expect(check?.prints).toEqual(['printed']);
    expect(check?.logs).toEqual([{ level: 'info', text: 'hi' }]);
  });

  it('batches a property\'s runs on one instance, so state left by one run shows in the next; fresh_instance = true opts out', async () => {
    await root.file('oracles/one.mjs', 'export function counter() { return "1"; }\n');
    const property = (fresh: string): string => `
[[properties]]
name = "counter always says 1"
function = "counter"
check = "oracle"
oracle = "oracles/one.mjs"
runs = 20
${fresh}
`;
    const shared = await runSuite(await suiteAt(await root.file('shared.suite.toml', SUITE(property('')))), [await keg(goodPath)], { supervisor, seed: 3, checks: ['counter always says 1'] });
    const check = byId(shared.plugins[0]).get('property:counter always says 1');
    expect(check?.status).toBe('fail');
    expect(check?.diff).toEqual({ expected: '"1"', actual: '"2"' });
    const fresh = await runSuite(await suiteAt(await root.file('fresh.suite.toml', SUITE(property('fresh_instance = true')))), [await keg(goodPath)], { supervisor, seed: 3, checks: ['counter always says 1'] });
    expect(byId(fresh.plugins[0]).get('property:counter always says 1')).toMatchObject({ status: 'pass', runs: 20 });
  });

  it('turns an expected failure that passes into xpass', async () => {
    const suite = await suiteAt(suiteFile);
    const result = await runSuite(suite, [await keg(goodPath)], {
      supervisor,
      checks: ['echo values'],
      expectedFail: [{ keg: 'good', check: 'echo values', reason: 'thought broken', at: { file: 'cli' } }],
    });
    const check = byId(result.plugins[0]).get('case:echo values');
    expect(check?.status).toBe('xpass');
    expect(check?.message).toContain('thought broken');
    expect(result.plugins[0]?.verdict).toBe('fail');
  });

  it('writes, then compares golden files', async () => {
    const file = await root.file('golden.suite.toml', SUITE(`
[[cases]]
name = "golden chatty"
function = "chatty"
input = "gold"
expect = { file = "golden/chatty.txt" }
`));
    const suite = await suiteAt(file);
    const only = { supervisor, checks: ['golden chatty'] };
    const missing = await runSuite(suite, [await keg(goodPath)], only);
    expect(byId(missing.plugins[0]).get('case:golden chatty')?.status).toBe('error');
    const written: string[] = [];
    const updated = await runSuite(suite, [await keg(goodPath)], { ...only, updateGolden: true, onGoldenUpdated: (p) => written.push(p) });
    expect(byId(updated.plugins[0]).get('case:golden chatty')?.status).toBe('pass');
    expect(written).toEqual([join(root.dir, 'golden/chatty.txt')]);
    expect(await readFile(join(root.dir, 'golden/chatty.txt'), 'utf8')).toBe('gold');
    expect(byId((await runSuite(suite, [await keg(goodPath)], only)).plugins[0]).get('case:golden chatty')?.status).toBe('pass');
    await writeFile(join(root.dir, 'golden/chatty.txt'), 'silver');
    const differs = byId((await runSuite(suite, [await keg(goodPath)], only)).plugins[0]).get('case:golden chatty');
    expect(differs?.status).toBe('fail');
    expect(differs?.diff).toEqual({ expected: 'silver', actual: 'gold' });
  });

  it('fails interface checks before any call: wrong export shape, missing export, wrong type', async () => {
    const file = await root.file('shape.suite.toml', `
[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "wrong_shape"
input = "none"
output = "none"
[[functions]]
name = "absent"
input = "none"
output = "none"
[[functions]]
name = "counter"
input = "none"
output = "string"
[[cases]]
function = "absent"
expect = { bytes = { hex = "" } }
[[cases]]
function = "counter"
expect = { text = "1" }
`);
    const suite = await suiteAt(file);
    const result = await runSuite(suite, [await keg(goodPath)], { supervisor });
    const checks = byId(result.plugins[0]);
    expect(checks.get('interface:exports')?.status).toBe('fail');
    expect(checks.get('interface:exports')?.message).toContain("export 'wrong_shape' has type (i32) -> i32");
    expect(checks.get('interface:exports')?.message).toContain("missing export 'absent'");
    expect(checks.get('case:absent#1')?.status).toBe('skip');
    expect(checks.get('case:counter#2')?.status).toBe('pass');

    const otherType = await suiteAt(await root.file('other.suite.toml', (await readFile(file, 'utf8')).replace(TYPE, 'some.other.type')));
    const mismatch = await runSuite(otherType, [await keg(goodPath)], { supervisor });
    expect(byId(mismatch.plugins[0]).get('interface:type')?.message).toContain("the suite certifies 'some.other.type'");
    expect(byId(mismatch.plugins[0]).get('case:counter#2')?.status).toBe('skip');
  });

  it('names an import nobody provides, and calls through a suite mock when there is one', async () => {
    const hostKeg = await root.keg('host_user', [{ name: 'clock', type: 'kegcheck.test.clock', wat: 'needs-host.wat' }]);
    const text = (mock: string): string => `
[suite]
type = "kegcheck.test.clock"
version = "1.0.0"
${mock}
[[functions]]
name = "now"
input = "none"
returns = [{ name = "t", type = "i64" }]
[[cases]]
name = "now"
function = "now"
expect = { returns = ["-1234"] }
`;
    const bare = await runSuite(await suiteAt(await root.file('clock1.suite.toml', text(''))), [await keg(hostKeg)], { supervisor });
    expect(byId(bare.plugins[0]).get('interface:imports')?.message).toContain('extism:host/user::get_time');
    expect(byId(bare.plugins[0]).get('case:now')?.status).toBe('skip');
    const mocked = await runSuite(
      await suiteAt(await root.file('clock2.suite.toml', text('[[host.functions]]\nname = "get_time"\nreturns = "i64"\nvalue = -1234\n'))),
      [await keg(hostKeg)],
      { supervisor },
    );
    expect(statuses(mocked.plugins[0])['case:now']).toBe('pass');
    expect(mocked.plugins[0]?.coverage.hostFunctionsCalled).toEqual(['get_time']);
  });

  it('refuses a named plugin the keg lacks', async () => {
    const suite = await suiteAt(suiteFile);
    await expect(runSuite(suite, [{ keg: await keg(goodPath), plugin: 'nope' }], { supervisor })).rejects.toMatchObject({ code: 'plugin-not-found' });
  });
});
