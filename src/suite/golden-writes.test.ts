import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

const TYPE = 'kegcheck.test.multi';
let root: ScratchRoot;
let supervisor: Supervisor;
const kegs: Keg[] = [];

const suiteText = (golden: string): string => `[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "echo"
args = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]
returns = [{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]
[[cases]]
name = "negative echo"
function = "echo"
args = [-5, 1.5, "x", { hex = "00" }]
expect = { file = "${golden}" }
[[cases]]
name = "still runs"
function = "echo"
args = [1, 0, "", { hex = "" }]
expect = { returns = [1, 0, "", { hex = "" }] }
`;

async function suiteAt(file: string): Promise<Suite> {
  const loaded = await loadSuite(file);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  return loaded.suite;
}

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 2 });
  root = await scratchRoot();
  for (const [name, drop] of [['keeps_sign', '0'], ['keeps_sign_too', '0'], ['drops_sign', '1']] as const) {
    kegs.push(await loadKeg(await root.keg(name, [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: drop } }])));
  }
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
  await root.dispose();
});

describe('--update-golden across plugins', () => {
  it('plugins that agree write one file; one that disagrees is reported with both names, and the file goes back to what it was', async () => {
    const suite = await suiteAt(await root.file('agree.suite.toml', suiteText('golden/echo.json')));
    const [a, b, c] = kegs as [Keg, Keg, Keg];
    // Side by side, as --concurrency runs them: every writer has its own temp name (no ENOENT on rename).
    const agree = await runSuite(suite, [a, b], { supervisor, updateGolden: true, concurrency: 2 });
    expect(agree.plugins.map((p) => p.checks.find((x) => x.id === 'case:negative echo')?.status)).toEqual(['pass', 'pass']);
    const written = await readFile(join(root.dir, 'golden/echo.json'), 'utf8');
    expect(written).toContain('"-5"');
    const fresh = await suiteAt(await root.file('disagree.suite.toml', suiteText('golden/new.json')));
    const disagree = await runSuite(fresh, [a, c], { supervisor, updateGolden: true, concurrency: 2 });
    // Side by side, either plugin may write first; the other is the one reported, naming both.
    const statuses = disagree.plugins.map((p) => p.checks.find((x) => x.id === 'case:negative echo')?.status);
    expect([...statuses].sort()).toEqual(['error', 'pass']);
    const loser = disagree.plugins[statuses.indexOf('error')];
    const writer = loser === disagree.plugins[0] ? 'drops_sign:multi' : 'keeps_sign:multi';
    const other = writer === 'keeps_sign:multi' ? 'drops_sign:multi' : 'keeps_sign:multi';
    expect(loser?.checks.find((x) => x.id === 'case:negative echo')?.message).toContain(`plugins disagree on golden file golden/new.json: ${writer} wrote one output, ${other} returned another`);
    expect(loser?.checks.find((x) => x.id === 'case:still runs')?.status).toBe('pass');
    // Neither output is picked: the file did not exist before the run, so it does not now.
    expect((await readdir(join(root.dir, 'golden'))).sort()).toEqual(['echo.json']);
  });

  it('a golden file that cannot be read makes that check error, not a crashed run', async () => {
    await mkdir(join(root.dir, 'golden/a-folder.json'), { recursive: true });
    const suite = await suiteAt(await root.file('unreadable.suite.toml', suiteText('golden/a-folder.json')));
    for (const updateGolden of [false, true]) {
      const result = await runSuite(suite, [kegs[0] as Keg], { supervisor, updateGolden });
      const check = result.plugins[0]?.checks.find((x) => x.id === 'case:negative echo');
      expect(check?.status).toBe('error');
      expect(check?.message).toMatch(/^cannot read golden file golden\/a-folder\.json: EISDIR/);
      expect(result.plugins[0]?.checks.find((x) => x.id === 'case:still runs')?.status).toBe('pass');
    }
    expect((await readdir(join(root.dir, 'golden'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
