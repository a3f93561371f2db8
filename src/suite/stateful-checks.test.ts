import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';
import { probed, type ProbedCheck } from '../_internals/probed-check.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SUITE = join(REPO, 'conformance/tally.suite.toml');
const KEG = (name: string): string => join(REPO, 'fixtures/suites/tally', name);

let supervisor: Supervisor;
let suite: Suite;
const kegs = new Map<string, Keg>();
let root: ScratchRoot;

async function suiteAt(file: string): Promise<Suite> {
  const loaded = await loadSuite(file);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
  return loaded.suite;
}

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 2 });
  suite = await suiteAt(SUITE);
  for (const name of ['tally_wat', 'tally_as', 'tally_forgets_wat', 'tally_drifts_as']) kegs.set(name, await loadKeg(KEG(name)));
  root = await scratchRoot();
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs.values()) await k.dispose();
  await root.dispose();
});

function keg(name: string): Keg {
  const k = kegs.get(name);
  if (k === undefined) throw new Error(name);
  return k;
}

async function checksOf(kegName: string, options: { suite?: Suite; checks?: string[]; replayPath?: string; runs?: number; seed?: number } = {}): Promise<Map<string, ProbedCheck>> {
  const s = options.suite ?? { ...suite, expectedFail: [] };
  const result = await runSuite(s, [keg(kegName)], {
    supervisor,
    seed: options.seed ?? 1,
    ...(options.checks === undefined ? {} : { checks: options.checks }),
    ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
    ...(options.runs === undefined ? {} : { runs: options.runs }),
  });
  return new Map((result.plugins[0]?.checks ?? []).map((c) => [c.id, c]));
}

const notPassing = (checks: Map<string, ProbedCheck>): string[] => [...checks.values()].filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}`);

describe('the tally suite (model, isolated, oracle) on its fixture kegs', () => {
  it('passes both good kegs (WAT and AssemblyScript) on every check', async () => {
    for (const name of ['tally_wat', 'tally_as']) expect(notPassing(await checksOf(name)), name).toEqual([]);
  }, 60_000);

  it('fails each broken keg on exactly its intended checks; with the suite\'s expected_fail they are xfail and the keg passes', async () => {
    expect(notPassing(await checksOf('tally_forgets_wat'))).toEqual(['property:running total fail']);
    expect(notPassing(await checksOf('tally_drifts_as')).sort()).toEqual(['property:measure ignores earlier calls fail', 'property:measure matches the oracle fail']);
    const listed = await runSuite(suite, [keg('tally_forgets_wat'), keg('tally_drifts_as')], { supervisor, seed: 1 });
    expect(listed.plugins.map((p) => p.verdict)).toEqual(['pass', 'pass']);
  }, 60_000);

  it('model: shows the shrunk minimal sequence, each step with expected and actual, and its replay path reproduces it', async () => {
    const check = (await checksOf('tally_forgets_wat', { checks: ['running total'], seed: 3 })).get('property:running total');
    expect(check?.status).toBe('fail');
    // Every 4th add loses the total: the minimal sequence is 4 adds, the last one failing, at least one adding bytes.
    const steps = check?.counterexample?.values as { function: string; input: string }[];
    expect(steps.map((s) => s.function)).toEqual(['add', 'add', 'add', 'add']);
    expect(check?.message).toMatch(/step 4 \(add\): output differs from the model/);
    expect(check?.message).toMatch(/4\. add\(.*\) {3}<- fails here\n\s+expected: "[1-9]\d*"\n\s+actual: {3}"0"/);
    expect(check?.seed).toBe(3);
    expect(check?.replayPath).toMatch(/^\d+(:\d+)*$/);
    const replayed = (await checksOf('tally_forgets_wat', { checks: ['running total'], seed: 3, replayPath: check?.replayPath ?? '', runs: 1 })).get('property:running total');
    expect(replayed?.status).toBe('fail');
    expect(replayed?.runs).toBe(1);
    expect(replayed?.counterexample?.values).toEqual(check?.counterexample?.values);
  }, 60_000);

  it('isolated: names the call that answered differently after earlier calls, shrunk, and replays it', async () => {
    const check = (await checksOf('tally_drifts_as', { checks: ['measure ignores earlier calls'] })).get('property:measure ignores earlier calls');
    expect(check?.status).toBe('fail');
    expect(check?.message).toContain('measure answered differently after 3 earlier calls on the same instance than on a fresh instance');
    expect(check?.diff).toEqual({ expected: '"0"', actual: '"1"' });
    const replayed = (await checksOf('tally_drifts_as', { checks: ['measure ignores earlier calls'], replayPath: check?.replayPath ?? '', runs: 1 })).get('property:measure ignores earlier calls');
    expect(replayed?.status).toBe('fail');
    expect(replayed?.counterexample?.values).toEqual(check?.counterexample?.values);
  }, 60_000);

  it('oracle on the drifting keg: the failure is the sequence that fails, never the input alone', async () => {
    const check = (await checksOf('tally_drifts_as', { checks: ['measure matches the oracle'] })).get('property:measure matches the oracle');
    expect(check?.message).toContain('fails only after 3 earlier calls on the same instance');
    expect(check?.replayPath).toMatch(/^shared:(\d+,){3}\d+$/);
    const replayed = (await checksOf('tally_drifts_as', { checks: ['measure matches the oracle'], replayPath: check?.replayPath ?? '' })).get('property:measure matches the oracle');
    expect(replayed?.status).toBe('fail');
    const last = check?.replayPath?.split(',').at(-1) ?? '';
    const alone = (await checksOf('tally_drifts_as', { checks: ['measure matches the oracle'], replayPath: `shared:${last}` })).get('property:measure matches the oracle');
    expect(alone?.status).toBe('pass');
  }, 60_000);
});

describe('model modules under their deadline', () => {
  const modelSuite = (model: string): string =>
    `[suite]
type = "kegs.testing.tally"
version = "1.0.0"
[host]
timeout_ms = 300
[[functions]]
name = "add"
input = "string"
output = "string"
[[functions]]
name = "total"
input = "none"
output = "string"
[[properties]]
name = "by the model"
check = "model"
model = "${model}"
runs = 10
`;

  it('a model step that never returns, one that throws and a missing export end the check as error', async () => {
    await root.file('models/loops.mjs', 'export function init() { return 0; }\nexport function add() { for (;;) {} }\nexport function total(s) { return { state: s, output: "0" }; }\n');
    await root.file('models/throws.mjs', 'export function init() { return 0; }\nexport function add() { throw new Error("model bug"); }\nexport function total(s) { return { state: s, output: "0" }; }\n');
    await root.file('models/partial.mjs', 'export function init() { return 0; }\nexport function add(s) { return { state: s, output: "0" }; }\n');
    const cases: [string, RegExp][] = [
      ['loops', /^model models\/loops\.mjs did not return within 300 ms$/],
      ['throws', /^model models\/throws\.mjs threw: model bug$/],
      ['partial', /^model models\/partial\.mjs exports no function 'total'$/],
    ];
    for (const [name, message] of cases) {
      const s = await suiteAt(await root.file(`${name}.suite.toml`, modelSuite(`models/${name}.mjs`)));
      const began = performance.now();
      const result = await runSuite(s, [keg('tally_wat')], { supervisor, seed: 2 });
      const check = result.plugins[0]?.checks.find((c) => c.id === 'property:by the model');
      expect(check?.status, name).toBe('error');
      expect(check?.message, name).toMatch(message);
      expect(performance.now() - began, name).toBeLessThan(15_000);
    }
  }, 60_000);
});

describe('model failures on packed payloads', () => {
  it('show each step with the hex view of what was sent and what came back', async () => {
    const kegPath = await root.keg('sign_dropped', [{ name: 'multi', type: 'kegcheck.test.multi', wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '1' } }]);
    await root.file('models/echo.mjs', 'export const init = () => 0;\nexport function echo(n, values) { return { state: n + 1, output: values }; }\n');
    const file = await root.file(
      'echo-model.suite.toml',
      `[suite]
type = "kegcheck.test.multi"
version = "1.0.0"
[[functions]]
name = "echo"
args = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]
returns = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]
[[properties]]
name = "echo follows the model"
check = "model"
model = "models/echo.mjs"
runs = 50
max_steps = 5
`,
    );
    const echoKeg = await loadKeg(kegPath);
    try {
      const result = await runSuite(await suiteAt(file), [echoKeg], { supervisor, seed: 6 });
      const check = probed(result.plugins[0]?.checks.find((c) => c.id === 'property:echo follows the model'));
      expect(check?.status).toBe('fail');
      // Shrunk to one call with a negative i64: the sign is the bug.
      expect(check?.counterexample?.values).toEqual([{ function: 'echo', input: ['-1', 0, '', { hex: '', length: 0 }] }]);
      expect(check?.message).toMatch(/1\. echo\(\["-1",0,"",\{"hex":"","length":0\}\]\) {3}<- fails here/);
      expect(check?.message).toMatch(/sent: +values \(a: i64, b: f32, c: str, d: bin\)[\s\S]*ff ff ff ff ff ff ff ff {10}-1/);
      expect(check?.message).toMatch(/expected: \["-1",0,"",\{"hex":"","length":0\}\]\n\s+actual: {3}\["9223372036854775807",0,"",/);
      expect(check?.message).toMatch(/returned: +28 bytes as[\s\S]*ff ff ff ff ff ff ff 7f {10}9223372036854775807/);
    } finally {
      await echoKeg.dispose();
    }
  }, 60_000);
});

describe('replay commands printed for stateful failures', () => {
  // Splits a printed command as a POSIX shell would, for the quoting replayCommand uses.
  const shellWords = (line: string): string[] => [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? '')));

  async function cli(argv: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: () => undefined, env: { NO_COLOR: '1' }, cwd: REPO, isTTY: false };
    return { code: await main(argv, io), out };
  }

  it('each replay command of the broken kegs (model, isolated, shared-instance oracle) exits 1 when run', async () => {
    // The published suite without its expected_fail entries, beside it so its paths still resolve.
    const text = (await readFile(SUITE, 'utf8')).replace(/# ---- known failures[\s\S]*$/, '');
    const file = await root.file('tally-unlisted.suite.toml', text.replaceAll('"../fixtures/', `"${REPO}fixtures/`).replace('"models/tally.mjs"', `"${REPO}conformance/models/tally.mjs"`).replace('"oracles/tally.mjs"', `"${REPO}conformance/oracles/tally.mjs"`));
    const replays: string[] = [];
    for (const name of ['tally_forgets_wat', 'tally_drifts_as']) {
      const first = await cli(['run', file, KEG(name), '--seed', '4']);
      expect(first.code, name).toBe(1);
      replays.push(...first.out.split('\n').filter((l) => l.includes('replay:')).map((l) => l.slice(l.indexOf('replay:') + 'replay:'.length).trim()));
    }
    expect(replays).toHaveLength(3);
    expect(replays.some((r) => r.includes('--replay-path shared:'))).toBe(true);
    for (const replay of replays) {
      const words = shellWords(replay);
      const again = await cli(words.slice(words.indexOf('run')));
      expect(again.code, replay).toBe(1);
      expect(again.out, replay).toContain('1 fail');
    }
  }, 120_000);
});
