import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';
import { probed } from '../_internals/probed-check.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TYPE = 'kegcheck.test.multi';

let root: ScratchRoot;
let kegPath: string;
let suiteFile: string;
let supervisor: Supervisor;

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 2 });
  root = await scratchRoot();
  kegPath = await root.keg('counting', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
  // "chatty" echoes its input; the oracle expects that, and the plugin obliges on every instance.
  // "counter" answers 1, 2, 3... on one instance: the oracle's "1" holds only on a fresh one.
  await root.file('oracles/one.mjs', 'export function counter() { return "1"; }\n');
  suiteFile = await root.file(
    'counter.suite.toml',
    `[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "counter"
input = "none"
output = "string"
[[properties]]
name = "counter says 1"
function = "counter"
check = "oracle"
oracle = "oracles/one.mjs"
runs = 40
`,
  );
});
afterAll(async () => {
  await supervisor.close();
  await root.dispose();
});

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: () => undefined, env: { NO_COLOR: '1' }, cwd: root.dir, isTTY: false };
  return { code: await main(argv, io), out };
}

// Splits a printed command as a POSIX shell would, for the quoting replayCommand uses.
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? ''));
  return words;
}

describe('failures that need earlier calls on the same instance', () => {
  it('says so, shrinks the earlier calls to the fewest that still fail, and never reports an input that passes alone as the failure', async () => {
    const loaded = await loadSuite(suiteFile);
    if (loaded.kind !== 'ok') throw new Error('suite');
    const keg = await loadKeg(kegPath);
    try {
      const result = await runSuite(loaded.suite, [keg], { supervisor, seed: 11 });
      const check = probed(result.plugins[0]?.checks.find((c) => c.id === 'property:counter says 1'));
      expect(check?.status).toBe('fail');
      expect(check?.message).toContain('fails only after 1 earlier call on the same instance');
      expect(check?.diff).toEqual({ expected: '"1"', actual: '"2"' });
      // Batched from run 0: run 1 is the first to fail, after run 0; nothing to drop.
      expect(check?.replayPath).toBe('shared:0,1');
      expect(check?.message).toMatch(/1\. counter\(\)\n {2}2\. counter\(\) {3}<- fails here/);
    } finally {
      await keg.dispose();
    }
  });

  it('prints a replay command that reproduces it: run as printed, it exits 1', async () => {
    const first = await cli(['run', suiteFile, kegPath, '--seed', '11']);
    expect(first.code).toBe(1);
    const line = first.out.split('\n').find((l) => l.includes('replay:'));
    expect(line).toContain('--replay-path shared:0,1');
    const words = shellWords(line?.slice(line.indexOf('replay:') + 'replay:'.length).trim() ?? '');
    const at = words.indexOf('run');
    expect(at).toBeGreaterThan(0);
    const args = words.slice(at);
    const exit = await new Promise<number | null>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', `${REPO}src/cli/bin.ts`, ...args], { cwd: root.dir, env: { ...process.env, NO_COLOR: '1', CI: '1' } }, (error) =>
        resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : null),
      );
    });
    expect(exit).toBe(1);
    // The same input on a fresh instance (a plain fast-check replay path) passes: the sequence is what fails.
    const alone = await cli(['run', suiteFile, kegPath, '--seed', '11', '--replay-path', '1', '--runs', '1']);
    expect(alone.code).toBe(0);
  }, 60_000);
});
