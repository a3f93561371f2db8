import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserModule } from './_internals/user-module.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TYPE = 'kegcheck.test.multi';

let root: ScratchRoot;
let kegPath: string;

const suite = (oracle: string, extra = ''): string => `[suite]
type = "${TYPE}"
version = "1.0.0"
[host]
timeout_ms = 300
[[functions]]
name = "chatty"
input = "string"
output = "string"
[[properties]]
name = "by the oracle"
function = "chatty"
check = "oracle"
oracle = "${oracle}"
runs = 20
${extra}
[[properties]]
name = "still conforms"
function = "chatty"
check = "conforms"
runs = 5
`;

beforeAll(async () => {
  root = await scratchRoot();
  kegPath = await root.keg('chatty', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
  await root.file('oracles/loops.mjs', 'export function chatty() { for (;;) {} }\n');
  await root.file('oracles/hangs.mjs', 'export function chatty() { return new Promise(() => {}); }\n');
  await root.file('oracles/throws.mjs', 'export function chatty(text) { if (text.length >= 0) throw new Error("no oracle today"); }\n');
  await root.file('oracles/loads-forever.mjs', 'for (;;) {}\nexport function chatty(t) { return t; }\n');
});
afterAll(async () => {
  await root.dispose();
});

interface Outcome {
  code: number | null;
  ms: number;
  report: { suites: { plugins: { checks: { id: string; status: string; message?: string }[] }[] }[] };
}

// The real bin in a child process: the run must end, and the process exit, on its own.
function runCli(suiteFile: string, out: string): Promise<Outcome> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'run', suiteFile, kegPath, '--seed', '1', '--reporter', 'json', '--out', out],
      { cwd: REPO, env: { ...process.env, NO_COLOR: '1', CI: '1' }, timeout: 60_000 },
      (error, _stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        import('node:fs/promises')
          .then((fs) => fs.readFile(join(out, 'kegcheck-report.json'), 'utf8'))
          .then((text) => resolve({ code, ms: performance.now() - began, report: JSON.parse(text) as Outcome['report'] }))
          .catch((e: unknown) => reject(new Error(`no report (exit ${String(code)}): ${stderr}`, { cause: e })));
      },
    );
  });
}

describe('user code under a deadline', () => {
  it('a synchronously looping oracle ends its check as error within the deadline; the run goes on and the process exits', async () => {
    const file = await root.file('loops.suite.toml', suite('oracles/loops.mjs'));
    const outcome = await runCli(file, join(root.dir, 'out-loops'));
    const checks = outcome.report.suites[0]?.plugins[0]?.checks ?? [];
    const oracle = checks.find((c) => c.id === 'property:by the oracle');
    expect(oracle?.status).toBe('error');
    expect(oracle?.message).toMatch(/oracle oracles\/loops\.mjs did not return within 300 ms/);
    expect(checks.find((c) => c.id === 'property:still conforms')?.status).toBe('pass');
    expect(outcome.code).toBe(1);
    // Node and tsx start-up plus one 300 ms deadline: far below the 60 s an outer timeout would take.
    expect(outcome.ms).toBeLessThan(20_000);
  }, 60_000);

  it('an oracle that throws ends its check as error naming the module and the message', async () => {
    const file = await root.file('throws.suite.toml', suite('oracles/throws.mjs'));
    const outcome = await runCli(file, join(root.dir, 'out-throws'));
    const oracle = outcome.report.suites[0]?.plugins[0]?.checks.find((c) => c.id === 'property:by the oracle');
    expect(oracle?.status).toBe('error');
    expect(oracle?.message).toBe('oracle oracles/throws.mjs threw: no oracle today');
    expect(outcome.code).toBe(1);
  }, 60_000);

  it('a promise that never settles and a module whose top level loops end under their deadlines', async () => {
    const suiteFile = join(root.dir, 'any.suite.toml');
    const hangs = await openUserModule('oracle', join(root.dir, 'oracles/hangs.mjs'), suiteFile, 200);
    if (!hangs.ok) throw new Error(hangs.message);
    const began = performance.now();
    expect(await hangs.module.call('chatty', ['x'])).toEqual({ ok: false, message: 'oracle oracles/hangs.mjs did not return within 200 ms' });
    expect(performance.now() - began).toBeLessThan(2000);
    await hangs.module.close();
    const loads = await openUserModule('oracle', join(root.dir, 'oracles/loads-forever.mjs'), suiteFile, 200);
    expect(loads).toEqual({ ok: false, message: 'oracle oracles/loads-forever.mjs did not finish loading within 5000 ms' });
  }, 30_000);

  it('an answer that cannot cross threads (a function) is an error naming the module, not a crash', async () => {
    await root.file('oracles/returns-function.mjs', 'export function f() { return () => 1; }\n');
    const opened = await openUserModule('oracle', join(root.dir, 'oracles/returns-function.mjs'), join(root.dir, 'x.suite.toml'), 2000);
    if (!opened.ok) throw new Error(opened.message);
    const answer = await opened.module.call('f', []);
    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.message).toMatch(/^oracle oracles\/returns-function\.mjs threw: returned a value kegcheck cannot copy/);
    await opened.module.close();
  }, 30_000);

  it('a thread stopped at its deadline is replaced: the next call imports the module again and answers', async () => {
    await root.file('oracles/slow-once.mjs', 'let n = 0;\nexport function f(ms) { const end = Date.now() + ms; while (Date.now() < end) {} return ++n; }\n');
    const opened = await openUserModule('oracle', join(root.dir, 'oracles/slow-once.mjs'), join(root.dir, 'x.suite.toml'), 300);
    if (!opened.ok) throw new Error(opened.message);
    expect(await opened.module.call('f', [0])).toEqual({ ok: true, value: 1 });
    expect((await opened.module.call('f', [5000])).ok).toBe(false);
    // A new module instance: its counter starts again.
    expect(await opened.module.call('f', [0])).toEqual({ ok: true, value: 1 });
    await opened.module.close();
  }, 30_000);
});
