import { Buffer } from 'node:buffer';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { renderHtmlReport } from '../report/html-reporter.js';
import { renderJsonReport } from '../report/json-reporter.js';
import { renderJunitReport } from '../report/junit-reporter.js';
import { renderMarkdownSummary } from '../report/markdown-reporter.js';
import { validateReport } from '../report/validate-report.js';
import { summarize, type PluginResult, type RunReport } from '../model/result.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';
import type { ProbedCheck } from '../_internals/probed-check.js';

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

function byId(plugin: PluginResult | undefined): Map<string, ProbedCheck> {
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

describe('the Extism manifest in [host]: HTTP through mocks, vars, mock calls', () => {
  const ioType = 'kegcheck.test.realhost.io';
  const IO_HEAD = `[suite]\ntype = "${ioType}"\nversion = "1.0.0"\n`;
  const IO_FUNCTIONS = `
[[host.functions]]
name = "notify"
returns = "str"
value = "noted"
[[functions]]
name = "fetch"
input = "string"
returns = [{ name = "status", type = "i64" }, { name = "body", type = "bin" }]
[[functions]]
name = "headers"
input = "none"
output = "string"
[[functions]]
name = "var_put"
input = "string"
output = "none"
[[functions]]
name = "var_read"
input = "none"
output = "string"
[[functions]]
name = "call_host"
input = "string"
output = "string"
[[functions]]
name = "quiet"
input = "none"
output = "none"
`;
  const HOST = `
[host]
allowed_hosts = ["api.example.com", "*.cdn.example.net"]
http_response_headers = true
max_http_response_bytes = 16
max_var_bytes = 8
[[host.http]]
url = "https://api.example.com/v1/users"
headers = { "Content-Type" = "application/json" }
body = '{"n":1}'
[[host.http]]
method = "post"
url = "https://api.example.com/v1/*"
status = 201
body_hex = "00ff"
[[host.http]]
url = "https://img.cdn.example.net/big"
body_file = "data/big.txt"
`;
  const request = (method: string, url: string) => JSON.stringify(JSON.stringify({ method, url }));
  const CASES = `
[[cases]]
name = "get answered"
function = "fetch"
input = ${request('GET', 'https://api.example.com/v1/users')}
expect = { returns = [200, { hex = "${Buffer.from('{"n":1}').toString('hex')}" }] }
http_requests = [{ method = "GET", url = "https://api.example.com/v1/users" }]
[[cases]]
name = "post by glob"
function = "fetch"
input = ${request('post', 'https://api.example.com/v1/things')}
expect = { returns = [201, { hex = "00ff" }] }
http_requests = [{ method = "POST", url = "https://api.example.com/v1/things" }]
[[cases]]
name = "host not allowed"
function = "fetch"
input = ${request('GET', 'https://evil.example.org/x')}
expect = { outcome = "trap", error = 'HTTP request to "https://evil.example.org/x" is not allowed \\(no allowedHosts match "evil.example.org"\\)' }
http_requests = [{ method = "GET", url = "https://evil.example.org/x" }]
[[cases]]
name = "no mock"
function = "fetch"
input = ${request('DELETE', 'https://api.example.com/v2/gone')}
expect = { outcome = "trap", error = "DELETE https://api.example.com/v2/gone: no \\\\[\\\\[host.http\\\\]\\\\] mock" }
[[cases]]
name = "too large"
function = "fetch"
input = ${request('GET', 'https://img.cdn.example.net/big')}
expect = { returns = [200, { hex = "" }] }
logs = [{ level = "error", text = "Response body exceeded 16 bytes" }]
[[cases]]
name = "headers of the last response"
[[cases.steps]]
function = "fetch"
input = ${request('GET', 'https://api.example.com/v1/users')}
expect = { returns = [200, { hex = "${Buffer.from('{"n":1}').toString('hex')}" }] }
[[cases.steps]]
function = "headers"
expect = { text = '{"content-type":"application/json"}' }
[[cases]]
name = "vars within the limit"
[[cases.steps]]
function = "var_put"
input = "12345678"
expect = { outcome = "ok" }
[[cases.steps]]
function = "var_read"
expect = { text = "12345678" }
[[cases]]
name = "vars over the limit"
function = "var_put"
input = "123456789"
expect = { outcome = "memory-limit", error = "^var memory limit exceeded: 9 bytes requested, 8 allowed$" }
[[cases]]
name = "mock called with the input"
function = "call_host"
input = "ping"
expect = { text = "noted" }
host_calls = [{ name = "notify", input = "ping" }]
[[cases]]
name = "mock call by hex"
function = "call_host"
input = "ping"
expect = { text = "noted" }
host_calls = [{ name = "notify", input = { hex = "70696e67" } }]
[[cases]]
name = "wrong mock input"
function = "call_host"
input = "pong"
expect = { text = "noted" }
host_calls = [{ name = "notify", input = "ping" }]
[[cases]]
name = "wrong requests"
function = "fetch"
input = ${request('GET', 'https://api.example.com/v1/users')}
expect = { outcome = "ok" }
http_requests = []
[[cases]]
name = "unlisted mock call"
function = "call_host"
input = "ping"
expect = { text = "noted" }
[[cases]]
name = "quiet"
function = "quiet"
expect = { outcome = "ok" }
host_calls = []
`;

  let io: Keg;
  beforeAll(async () => {
    io = await loadKeg(await root.keg('io', [{ name: 'io', type: ioType, wat: 'real-host-io.wat' }]));
    kegs.push(io);
    await root.file('data/big.txt', 'twenty bytes of body');
  });

  it('answers http_request from mocks as Extism would, enforces max_var_bytes, and checks http_requests and host_calls exactly', async () => {
    const suite = await suiteFrom('io', `${IO_HEAD}${HOST}${IO_FUNCTIONS}${CASES}`);
    const result = await runSuite(suite, [io], { supervisor });
    const plugin = result.plugins[0];
    const checks = byId(plugin);
    const failing = ['wrong mock input', 'wrong requests'];
    const now = new Date().toISOString();
    const report: RunReport = {
      schemaVersion: 1,
      meta: { kegcheckVersion: '0', nodeVersion: process.version, extismVersion: '1.0.3', seed: 1, startedAt: now, finishedAt: now },
      suites: [result],
      summary: summarize([result]),
    };
    expect(validateReport(JSON.parse(renderJsonReport(report)))).toEqual([]);
    const markdown = renderMarkdownSummary(report);
    expect(markdown).toContain('GET https://api.example.com/v1/users → 200');
    expect(markdown).toContain('notify("pong")');
    expect(renderJunitReport(report)).toContain('[http] GET https://evil.example.org/x → refused');
    expect(renderHtmlReport(report)).toContain('HTTP: DELETE https://api.example.com/v2/gone');
    for (const c of plugin?.checks ?? []) {
      if (c.kind !== 'case') expect([c.id, c.status]).toEqual([c.id, 'pass']);
      else expect([c.name, c.status, c.message]).toEqual([c.name, failing.includes(c.name) ? 'fail' : 'pass', failing.includes(c.name) ? expect.any(String) : undefined]);
    }
    expect(checks.get('case:wrong mock input')?.message).toBe('host calls differ');
    expect(checks.get('case:wrong mock input')?.diff).toEqual({ expected: JSON.stringify([{ name: 'notify', input: 'ping' }], null, 2), actual: JSON.stringify([{ name: 'notify', input: 'pong' }], null, 2) });
    expect(checks.get('case:wrong requests')?.message).toBe('HTTP requests differ');
    expect(checks.get('case:get answered')?.httpRequests).toEqual([{ method: 'GET', url: 'https://api.example.com/v1/users', outcome: 'answered', status: 200 }]);
    expect(checks.get('case:host not allowed')?.httpRequests).toEqual([{ method: 'GET', url: 'https://evil.example.org/x', outcome: 'refused' }]);
    expect(checks.get('case:no mock')?.httpRequests?.[0]?.outcome).toBe('unanswered');
    expect(checks.get('case:too large')?.httpRequests).toEqual([{ method: 'GET', url: 'https://img.cdn.example.net/big', outcome: 'too-large', status: 200 }]);
    expect(checks.get('case:mock called with the input')?.hostCalls).toEqual([{ name: 'notify', input: 'ping' }]);
    expect(plugin?.coverage.httpRequests).toContain('POST https://api.example.com/v1/things');
  }, 60_000);

  it('fails a mock call no case lists under strict_mocks, and gives http_headers 0 unless response headers are allowed', async () => {
    const strict = HOST.replace('http_response_headers = true', 'strict_mocks = true');
    const suite = await suiteFrom('strict', `${IO_HEAD}${strict}${IO_FUNCTIONS}${CASES}`);
    const checks = byId((await runSuite(suite, [io], { supervisor })).plugins[0]);
    expect(checks.get('case:unlisted mock call')?.status).toBe('fail');
    expect(checks.get('case:unlisted mock call')?.message).toBe('strict_mocks: the plugin called notify, which this case does not list in host_calls');
    expect(checks.get('case:mock called with the input')?.status).toBe('pass');
    expect(checks.get('case:headers of the last response')?.status).toBe('fail');
    expect(checks.get('case:headers of the last response')?.diff?.actual).toBe('none');
  }, 60_000);

  it('rejects options that could never work, at file:line:column with what is allowed, before anything runs', async () => {
    const findings = async (name: string, host: string) => {
      const loaded = await loadSuite(await root.file(`${name}.suite.toml`, `${IO_HEAD}${host}${IO_FUNCTIONS}`));
      if (loaded.kind !== 'invalid') throw new Error(`${name} loaded`);
      return loaded.findings.filter((f) => f.severity === 'error');
    };
    const [glob] = await findings('glob', '[host]\nallowed_hosts = ["https://api.example.com"]\n');
    expect(glob).toMatchObject({ code: 'suite-host', location: { line: 5, keyPath: 'host.allowed_hosts[0]' } });
    expect(glob?.message).toContain('can never match');
    expect(glob?.expected).toContain('*.example.com');
    const [upper] = await findings('upper', '[host]\nallowed_hosts = ["API.example.com"]\n');
    expect(upper?.message).toContain('upper-case');
    const [url] = await findings('url', '[host]\nallowed_hosts = ["api.example.com"]\n[[host.http]]\nurl = "api.example.com/x"\n');
    expect(url).toMatchObject({ code: 'suite-host', location: { line: 7, keyPath: 'host.http[0].url' } });
    const [unallowed] = await findings('unallowed', '[host]\nallowed_hosts = ["api.example.com"]\n[[host.http]]\nurl = "https://other.example.com/x"\n');
    expect(unallowed?.message).toContain("host 'other.example.com' is not in allowed_hosts");
    const [outside] = await findings('outside', '[host]\nallowed_hosts = ["api.example.com"]\n[[host.http]]\nurl = "https://api.example.com/x"\nbody_file = "../secret.txt"\n');
    expect(outside).toMatchObject({ code: 'suite-host', location: { line: 8, keyPath: 'host.http[0].body_file' } });
    expect(outside?.message).toContain("outside the suite's folder");
    const [missingBody] = await findings('nobody', '[host]\nallowed_hosts = ["api.example.com"]\n[[host.http]]\nurl = "https://api.example.com/x"\nbody_file = "data/none.txt"\n');
    expect(missingBody?.message).toContain('does not exist');
    const [two] = await findings('two', '[host]\nallowed_hosts = ["api.example.com"]\n[[host.http]]\nurl = "https://api.example.com/x"\nbody = "a"\nbody_hex = "00"\n');
    expect(two?.expected).toBe('one of body, body_hex, body_file');
    const [folder] = await findings('folder', '[host]\nwasi = true\nallowed_paths = { "/mnt" = "no-such-folder" }\n');
    expect(folder).toMatchObject({ code: 'suite-host', location: { line: 6 } });
    expect(folder?.message).toContain('does not exist');
    const [nowasi] = await findings('nowasi', '[host]\nallowed_paths = { "/mnt" = "data" }\n');
    expect(nowasi?.expected).toBe('wasi = true in [host]');
  });
});

describe('call expectations in stateful cases', () => {
  it('refuses http_requests or host_calls beside steps (they belong to a step)', async () => {
    const loaded = await loadSuite(
      await root.file('stray.suite.toml', `${HEAD}${fn('void_hello')}[[cases]]\nname = "s"\nhost_calls = []\n[[cases.steps]]\nfunction = "void_hello"\ninput = ""\nexpect = { outcome = "ok" }\n`),
    );
    expect(loaded.kind).toBe('invalid');
    expect(loaded.findings[0]).toMatchObject({ code: 'suite-case-shape', location: { keyPath: 'cases[0].host_calls' } });
  });
});

describe('per-case manifest options', () => {
  it('lets a case ask its own mocks first and replace allowed_hosts, max_var_bytes and strict_mocks', async () => {
    const k = await loadKeg(await root.keg('io_cases', [{ name: 'io', type: 'kegcheck.test.realhost.io', wat: 'real-host-io.wat' }]));
    kegs.push(k);
    const users = JSON.stringify(JSON.stringify({ url: 'https://api.example.com/v1/users' }));
    const suite = await suiteFrom(
      'per-case',
      `[suite]\ntype = "kegcheck.test.realhost.io"\nversion = "1.0.0"
[host]
allowed_hosts = ["api.example.com"]
[[host.functions]]
name = "notify"
returns = "str"
value = "noted"
[[host.http]]
url = "https://api.example.com/v1/users"
body = "ok"
[[functions]]
name = "fetch"
input = "string"
returns = [{ name = "status", type = "i64" }, { name = "body", type = "bin" }]
[[functions]]
name = "var_put"
input = "string"
output = "none"
[[functions]]
name = "call_host"
input = "string"
output = "string"
[[cases]]
name = "suite mock"
function = "fetch"
input = ${users}
expect = { returns = [200, { hex = "6f6b" }] }
[[cases]]
name = "own mock first"
function = "fetch"
input = ${users}
expect = { returns = [503, { hex = "" }] }
[[cases.http]]
url = "https://api.example.com/v1/*"
status = 503
[[cases]]
name = "own allowed_hosts"
function = "fetch"
input = ${users}
allowed_hosts = ["other.example.com"]
expect = { outcome = "trap", error = "not allowed" }
[[cases]]
name = "own var limit"
function = "var_put"
input = "abc"
max_var_bytes = 2
expect = { outcome = "memory-limit", error = "3 bytes requested, 2 allowed" }
[[cases]]
name = "own strict mocks"
function = "call_host"
input = "x"
strict_mocks = true
expect = { text = "noted" }
`,
    );
    const checks = byId((await runSuite(suite, [k], { supervisor })).plugins[0]);
    expect(['suite mock', 'own mock first', 'own allowed_hosts', 'own var limit'].map((n) => [n, checks.get(`case:${n}`)?.status])).toEqual(
      ['suite mock', 'own mock first', 'own allowed_hosts', 'own var limit'].map((n) => [n, 'pass']),
    );
    expect(checks.get('case:own strict mocks')?.message).toContain('strict_mocks');
    const bad = await loadSuite(await root.file('per-case-bad.suite.toml', `[suite]\ntype = "x"\nversion = "1.0.0"\n[[functions]]\nname = "fetch"\ninput = "string"\noutput = "bytes"\n[[cases]]\nfunction = "fetch"\ninput = ""\nexpect = { outcome = "ok" }\n[[cases.http]]\nurl = "https://api.example.com/x"\n`));
    expect(bad.kind).toBe('invalid');
    expect(bad.findings[0]).toMatchObject({ code: 'suite-host', location: { line: 13, keyPath: 'cases[0].http[0].url' } });
  }, 60_000);
});

describe('WASI allowed_paths', () => {
  it('gives the plugin a copy of the folder: it reads the suite file, its writes never reach the suite', async () => {
    const wasiType = 'kegcheck.test.realhost.wasi';
    const k = await loadKeg(await root.keg('wasi', [{ name: 'files', type: wasiType, wat: 'wasi-files.wat' }]));
    kegs.push(k);
    const original = await root.file('wasi-data/note.txt', 'original');
    const suite = await suiteFrom(
      'wasi',
      `[suite]\ntype = "${wasiType}"\nversion = "1.0.0"
[host]
wasi = true
allowed_paths = { "/mnt" = "wasi-data" }
[[functions]]
name = "read_file"
input = "string"
output = "string"
[[functions]]
name = "write_file"
input = "string"
output = "string"
[[cases]]
name = "read"
function = "read_file"
input = "note.txt"
expect = { text = "original" }
[[cases]]
name = "write then read on one instance"
[[cases.steps]]
function = "write_file"
input = "note.txt"
expect = { text = "changed" }
[[cases.steps]]
function = "read_file"
input = "note.txt"
expect = { text = "changed" }
[[cases]]
name = "a fresh instance reads the original again"
function = "read_file"
input = "note.txt"
expect = { text = "original" }
[[cases]]
name = "no such file"
function = "read_file"
input = "absent.txt"
expect = { outcome = "exit-code" }
`,
    );
    const plugin = (await runSuite(suite, [k], { supervisor })).plugins[0];
    expect(plugin?.checks.map((c) => [c.id, c.status, c.message])).toEqual(plugin?.checks.map((c) => [c.id, 'pass', undefined]));
    expect(await readFile(original, 'utf8')).toBe('original');
    const copies = join(tmpdir(), `kegcheck-paths-${process.pid}`);
    expect(await readdir(copies).catch((error: NodeJS.ErrnoException) => error.code)).toBe('ENOENT');
  }, 60_000);
});
