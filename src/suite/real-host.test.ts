import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import type { CheckResult, PluginResult } from './result.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

const TYPE = 'kegcheck.test.realhost';

let supervisor: Supervisor;
let root: ScratchRoot;
let kegPath: string;
const kegs: Keg[] = [];

async function keg(): Promise<Keg> {
  const k = await loadKeg(kegPath);
  kegs.push(k);
  return k;
}

async function suiteFrom(name: string, text: string): Promise<Suite> {
  const loaded = await loadSuite(await root.file(`${name}.suite.toml`, text));
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
  return loaded.suite;
}

function byId(plugin: PluginResult | undefined): Map<string, CheckResult> {
  return new Map((plugin?.checks ?? []).map((c) => [c.id, c]));
}

const HEAD = `[suite]\ntype = "${TYPE}"\nversion = "1.0.0"\n`;
const fn = (name: string, output = 'string'): string => `[[functions]]\nname = "${name}"\ninput = "string"\noutput = "${output}"\n`;

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 1 });
  root = await scratchRoot();
  kegPath = await root.keg('realhost', [{ name: 'real', type: TYPE, wat: 'real-host.wat' }]);
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
  await root.dispose();
});

describe('export shapes', () => {
  it('passes () -> i32 and () -> () exports and calls both; () -> () with error_set is a plugin error', async () => {
    const suite = await suiteFrom(
      'shapes',
      `${HEAD}${fn('void_hello')}${fn('void_fail')}${fn('exit3')}
[[cases]]
name = "void ok"
function = "void_hello"
input = ""
expect = { text = "void ok" }
[[cases]]
name = "void fails"
function = "void_fail"
input = ""
expect = { error = "^void failed$" }
`,
    );
    const checks = byId((await runSuite(suite, [await keg()], { supervisor })).plugins[0]);
    expect(checks.get('interface:exports')?.status).toBe('pass');
    expect(checks.get('interface:exports')?.name).toBe('required exports are () -> i32 or () -> ()');
    expect(checks.get('case:void ok')?.status).toBe('pass');
    expect(checks.get('case:void fails')?.status).toBe('pass');
  });

  it('fails any other signature, naming it, and skips its cases', async () => {
    const suite = await suiteFrom(
      'wrong',
      `${HEAD}${fn('void_hello')}${fn('wrong_i64')}${fn('wrong_param')}
[[cases]]
name = "wrong"
function = "wrong_i64"
input = ""
expect = { text = "" }
`,
    );
    const checks = byId((await runSuite(suite, [await keg()], { supervisor })).plugins[0]);
    const exports = checks.get('interface:exports');
    expect(exports?.status).toBe('fail');
    expect(exports?.message).toContain("export 'wrong_i64' has type () -> i64; Extism exports are () -> i32 or () -> ()");
    expect(exports?.message).toContain("export 'wrong_param' has type (i32) -> ()");
    expect(exports?.message).not.toContain('void_hello');
    expect(checks.get('case:wrong')?.status).toBe('skip');
  });
});

describe('expected outcomes', () => {
  const CASES = `
[[cases]]
name = "exit code"
function = "exit3"
input = ""
expect = { outcome = "exit-code", error = "returned 3" }
[[cases]]
name = "trap"
function = "boom"
input = ""
expect = { outcome = "trap", error = "unreachable" }
[[cases]]
name = "plugin error"
function = "void_fail"
input = ""
expect = { outcome = "plugin-error", error = "^void failed$" }
[[cases]]
name = "ok"
function = "void_hello"
input = ""
expect = { outcome = "ok" }
[[cases]]
name = "timeout"
function = "spin"
input = ""
timeout_ms = 300
expect = { outcome = "timeout" }
[[cases]]
name = "memory limit"
function = "grow"
input = ""
expect = { outcome = "memory-limit" }
[[cases]]
name = "wrong kind"
function = "boom"
input = ""
expect = { outcome = "exit-code" }
[[cases]]
name = "wrong message"
function = "exit3"
input = ""
expect = { outcome = "exit-code", error = "returned 4" }
[[cases]]
name = "ok expected, failed"
function = "void_fail"
input = ""
expect = { outcome = "ok" }
[[cases]]
name = "timeout expected, succeeded"
function = "void_hello"
input = ""
expect = { outcome = "timeout" }
[[cases]]
name = "error expected, timed out"
function = "spin"
input = ""
timeout_ms = 300
expect = { outcome = "plugin-error" }
`;

  it('passes a case when the call ends as its outcome says (and its message matches), fails it otherwise', async () => {
    const suite = await suiteFrom('outcomes', `${HEAD}[host]\nmax_memory_pages = 64\n${['void_hello', 'void_fail', 'exit3', 'boom', 'spin', 'grow'].map((f) => fn(f)).join('')}${CASES}`);
    const checks = byId((await runSuite(suite, [await keg()], { supervisor })).plugins[0]);
    const status = (name: string) => checks.get(`case:${name}`)?.status;
    for (const name of ['exit code', 'trap', 'plugin error', 'ok', 'timeout', 'memory limit']) expect(status(name), name).toBe('pass');
    expect(status('wrong kind')).toBe('fail');
    expect(checks.get('case:wrong kind')?.message).toMatch(/^expected outcome exit-code, the call ended trap: .*unreachable/);
    expect(status('wrong message')).toBe('fail');
    expect(checks.get('case:wrong message')?.diff).toEqual({ expected: '/returned 4/', actual: 'exit3 returned 3' });
    expect(status('ok expected, failed')).toBe('fail');
    expect(status('timeout expected, succeeded')).toBe('fail');
    expect(checks.get('case:timeout expected, succeeded')?.diff?.actual).toBe('ok');
    expect(status('error expected, timed out')).toBe('timeout');
  }, 60_000);

  it('runs a case expecting link-error although the imports check fails, and it passes', async () => {
    const hostKeg = await root.keg('unlinked', [{ name: 'clock', type: TYPE, wat: 'needs-host.wat' }]);
    const suite = await suiteFrom(
      'link',
      `${HEAD}[[functions]]\nname = "now"\ninput = "none"\nreturns = [{ name = "t", type = "i64" }]
[[cases]]
name = "cannot link"
function = "now"
expect = { outcome = "link-error", error = "get_time" }
[[cases]]
name = "would succeed"
function = "now"
expect = { outcome = "ok" }
`,
    );
    const k = await loadKeg(hostKeg);
    kegs.push(k);
    const checks = byId((await runSuite(suite, [k], { supervisor })).plugins[0]);
    expect(checks.get('interface:imports')?.status).toBe('fail');
    expect(checks.get('case:cannot link')?.status).toBe('pass');
    expect(checks.get('case:would succeed')?.status).toBe('skip');
  });

  it('rejects an unknown outcome, error on an ok outcome, and outcome beside another expectation, at file:line:column, listing the allowed values', async () => {
    const load = async (name: string, expectLine: string) => {
      const file = await root.file(`${name}.suite.toml`, `${HEAD}${fn('void_hello')}\n[[cases]]\nfunction = "void_hello"\ninput = ""\n${expectLine}\n`);
      const loaded = await loadSuite(file);
      if (loaded.kind !== 'invalid') throw new Error(`${name} loaded`);
      return loaded.findings.filter((f) => f.severity === 'error');
    };
    const [unknown] = await load('bad-outcome', 'expect = { outcome = "crashed" }');
    expect(unknown?.location).toMatchObject({ line: 12, keyPath: 'cases[0].expect.outcome' });
    expect(unknown?.location?.column).toBeGreaterThan(0);
    expect(unknown?.expected).toBe('one of ["ok","plugin-error","exit-code","trap","timeout","memory-limit","output-limit","link-error","init-failed"]');
    const [okError] = await load('ok-error', 'expect = { outcome = "ok", error = "x" }');
    expect(okError).toMatchObject({ code: 'suite-expect', location: { line: 12, keyPath: 'cases[0].expect.error' } });
    const [mixed] = await load('mixed', 'expect = { outcome = "ok", text = "void ok" }');
    expect(mixed?.location).toMatchObject({ line: 12 });
    expect(mixed?.expected).toContain('"outcome","error"');
    const [badRegex] = await load('bad-regex', 'expect = { outcome = "trap", error = "(" }');
    expect(badRegex?.code).toBe('suite-regex');
  });
});
