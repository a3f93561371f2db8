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
