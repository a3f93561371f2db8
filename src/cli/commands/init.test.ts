import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuite } from '../../suite/load-suite.js';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VOWELS = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd: REPO, isTTY: false };
  return { code: await main(argv, io), out, err };
}

let root: ScratchRoot;
beforeAll(async () => {
  root = await scratchRoot();
});
afterAll(async () => {
  await root.dispose();
});

describe('kegcheck init', () => {
  it('scaffolds a valid suite from the exports, with a golden case observed from the plugin, that the plugin then passes', async () => {
    const { code, out } = await cli(['init', VOWELS]);
    expect(code).toBe(0);
    const file = await root.file('scaffold/vowels.suite.toml', out);
    const parsed = parseSuite(out, file);
    if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed.findings));
    expect(parsed.suite.type).toBe('kegs.testing.vowelcounter');
    expect(parsed.suite.functions.map((f) => [f.name, f.output])).toEqual([['count_vowels', { kind: 'raw', framing: 'json' }]]);
    expect(parsed.suite.cases[0]?.steps[0]?.expect).toEqual({ kind: 'json', value: { count: 0 } });
    const run = await cli(['run', file, VOWELS, '--reporter', 'json', '--out', join(root.dir, 'reports'), '--runs', '5']);
    expect(run.code).toBe(0);
  });

  it('lists only () -> i32 exports and notes the ones that fail on empty input', async () => {
    const keg = await root.keg('multi_init', [{ name: 'multi', type: 'kegcheck.test.multi', wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
    const { code, out } = await cli(['init', `${keg}:multi`]);
    expect(code).toBe(0);
    const names = [...out.matchAll(/^\[\[functions\]\]\nname = "([^"]+)"/gm)].map((m) => m[1]);
    expect(names).toEqual(['echo', 'fail', 'counter', 'chatty']);
    expect(out).toContain('# with empty input it failed: plugin-error: boom: bad input');
    expect(parseSuite(out, join(root.dir, 'multi.suite.toml')).kind).toBe('ok');
  });

  it('writes --out once and refuses to overwrite it without --force', async () => {
    const target = join(root.dir, 'written.suite.toml');
    expect((await cli(['init', VOWELS, '--out', target, '--no-probe'])).code).toBe(0);
    const first = await readFile(target, 'utf8');
    expect(first).toContain('expect = { bytes = { hex = "" } }   # TODO');
    const again = await cli(['init', VOWELS, '--out', target]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('[init-exists]');
    expect(await readFile(target, 'utf8')).toBe(first);
    expect((await cli(['init', VOWELS, '--out', target, '--force'])).code).toBe(0);
    expect(await readFile(target, 'utf8')).not.toBe(first);
  });

  it('asks which plugin when a keg has several', async () => {
    const keg = await root.keg('two_plugins', [
      { name: 'one', type: 'kegcheck.test.multi', wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } },
      { name: 'two', type: 'kegcheck.test.multi', wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } },
    ]);
    const { code, err } = await cli(['init', keg]);
    expect(code).toBe(2);
    expect(err).toContain('[init-ambiguous]');
    expect(err).toContain(`${keg}:one`);
  });
});
