import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VOWEL_SUITE = join(REPO, 'conformance/vowelcounter.suite.toml');
const VOWEL_GOOD = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');
const TYPE = 'kegcheck.test.multi';

async function cli(argv: string[], cwd = REPO): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

let root: ScratchRoot;
let echoSuite: string;
let broken: string;

beforeAll(async () => {
  root = await scratchRoot();
  broken = await root.keg('sign_dropped', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '1' } }]);
  echoSuite = await root.file(
    'echo.suite.toml',
    `[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "echo"
args = [{ name = "a", type = "i64" }, { name = "s", type = "str" }]
returns = [{ name = "a", type = "i64" }, { name = "s", type = "str" }]
[[cases]]
name = "positive"
function = "echo"
args = [5, "x"]
expect = { returns = [5, "x"] }
[[properties]]
function = "echo"
check = "roundtrip"
runs = 50
`,
  );
});
afterAll(async () => {
  await root.dispose();
});

describe('kegcheck run', () => {
  it('exits 0 when every plugin conforms and writes the JSON report into --out', async () => {
    const out = join(root.dir, 'reports-ok');
    const { code, err } = await cli(['run', VOWEL_SUITE, VOWEL_GOOD, '--seed', '9', '--runs', '20', '--reporter', 'json', '--out', out]);
    expect(err).toContain('seed 9');
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'kegcheck-report.json'), 'utf8')) as RunReport;
    expect(report.meta.seed).toBe(9);
    expect(report.summary.verdict).toBe('pass');
    expect(report.suites[0]?.plugins[0]?.checks.find((c) => c.kind === 'property')?.runs).toBe(20);
  });

  it('exits 1 when a plugin does not conform, and an --expected-fail file turns it into 0', async () => {
    const failing = await cli(['run', echoSuite, broken, '--reporter', 'json', '--out', join(root.dir, 'r1')]);
    expect(failing.code).toBe(1);
    const list = await root.file('known.toml', '[[expected_fail]]\nkeg = "sign_dropped"\ncheck = "roundtrip:*"\nreason = "drops the i64 sign"\n');
    const known = await cli(['run', echoSuite, broken, '--expected-fail', list, '--reporter', 'json', '--out', join(root.dir, 'r2')]);
    expect(known.code).toBe(0);
  });

  it('--require-coverage turns a declared but never-called function into exit 1', async () => {
    const text = (await readFile(echoSuite, 'utf8')).replace('[[cases]]', '[[functions]]\nname = "counter"\ninput = "none"\noutput = "string"\n[[cases]]');
    const partial = await root.file('partial.suite.toml', text);
    const good = await root.keg('echo_ok', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
    const lenient = await cli(['run', partial, good, '--seed', '4', '--reporter', 'json', '--out', join(root.dir, 'r4')]);
    expect(lenient.code).toBe(0);
    const strict = await cli(['run', partial, good, '--seed', '4', '--require-coverage', '--reporter', 'json', '--out', join(root.dir, 'r5')]);
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('counter is declared by the suite but no check called it');
  });

  it('exits 1 on xpass: a listed failure that passes', async () => {
    const list = await root.file('stale.toml', '[[expected_fail]]\nkeg = "*"\ncheck = "positive"\nreason = "stale entry"\n');
    const { code } = await cli(['run', echoSuite, broken, '--check', 'positive', '--expected-fail', list, '--reporter', 'json', '--out', join(root.dir, 'r3')]);
    expect(code).toBe(1);
  });

  it('exits 2 with file:line:column for a bad suite, and runs nothing', async () => {
    const bad = await root.file('bad.suite.toml', '[suite]\ntype = "t"\nversion = "1.0"\n[[functions]]\nname = "f"\noutput = "none"\n');
    const { code, err } = await cli(['run', bad, VOWEL_GOOD]);
    expect(code).toBe(2);
    expect(err).toContain(`${bad}:3:`);
    expect(err).toContain('[schema]');
    expect(err).not.toContain('    at ');
  });

  it('exits 2 for a keg that does not exist, and for a bad flag', async () => {
    const missing = await cli(['run', VOWEL_SUITE, join(root.dir, 'no-such-keg')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('[target-not-found]');
    const flag = await cli(['run', VOWEL_SUITE, VOWEL_GOOD, '--runs', 'many']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('--runs expects an integer');
  });

  it('takes --reference as a store package name', async () => {
    const args = ['run', join(REPO, 'conformance/packed.suite.toml'), join(REPO, 'fixtures/suites/packed/packed_rust'), '--check', 'sum_i64 matches the reference', '--seed', '5'];
    const store = ['--store', join(REPO, 'fixtures/suites/packed'), '--reporter', 'json'];
    expect((await cli([...args, ...store, '--out', join(root.dir, 'ref-ok')])).code).toBe(0);
    // The sign-dropping keg as the reference: the good keg now disagrees with it.
    const broken = await cli([...args, ...store, '--reference', 'packed_sign_dropped', '--out', join(root.dir, 'ref-broken')]);
    expect(broken.code).toBe(1);
    const report = JSON.parse(await readFile(join(root.dir, 'ref-broken/kegcheck-report.json'), 'utf8')) as RunReport;
    expect(report.suites[0]?.plugins[0]?.checks.find((c) => c.kind === 'property')?.message).toContain('packed_sign_dropped');
  });

  it('runs from the real bin, resolving keg:plugin through --store', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'run', VOWEL_SUITE, 'vowels_wat:count_vowels', '--store', join(REPO, 'fixtures/suites/vowelcounter'), '--runs', '5', '--seed', '3'],
      { cwd: REPO, env: { ...process.env, NO_COLOR: '1', CI: '1' } },
    );
    expect(stdout).toContain('vowels_wat:count_vowels');
    expect(stdout).toContain('PASS');
    expect(stderr).toContain('seed 3');
  });
});
