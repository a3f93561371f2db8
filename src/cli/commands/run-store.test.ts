import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { packKeg } from '../../build/pack-keg.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VOWEL_SUITE = join(ROOT, 'conformance/vowelcounter.suite.toml');

let temp: { dir: string; cleanup: () => Promise<void> };
let store: string;

/** A copy of a fixture keg without its sources, as a store would hold it. */
async function copyKeg(fixture: string, target: string): Promise<string> {
  await cp(join(ROOT, 'fixtures/suites', fixture), target, { recursive: true, filter: (src) => !/[/\\](src|target|dist)$/.test(src) });
  return target;
}

async function kegcheck(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // HOME points into the temp dir so the default store (~/.local/share/wasm-kegs/packages) is empty.
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: temp.dir };
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: temp.dir, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

beforeAll(async () => {
  temp = await makeTempDir('store');
  store = join(temp.dir, 'store');
  await mkdir(store);
  // Two vowel counters (one a packed .keg file, one conforming except for its known failures), and a keg of another type.
  await copyKeg('vowelcounter/vowels_wat', join(store, 'vowels_wat'));
  const lowercase = await copyKeg('vowelcounter/vowels_lowercase_only', join(temp.dir, 'staging/vowels_lowercase_only'));
  const packed = await packKeg(lowercase, { outDir: join(temp.dir, 'staging/dist') });
  await cp(packed.path, join(store, 'vowels_lowercase_only.keg'));
  await copyKeg('packed/packed_rust', join(store, 'packed_rust'));
});

afterAll(async () => {
  await temp.cleanup();
});

describe('kegcheck run <suite> --store DIR', () => {
  it('runs the suite against exactly the plugins of its type in the store, a .keg file included', async () => {
    const { code, err } = await kegcheck(['run', VOWEL_SUITE, '--store', store, '--reporter', 'json', '--out', 'out', '--seed', '7']);
    expect(err).not.toContain('internal error');
    const report = JSON.parse(await readFile(join(temp.dir, 'out/kegcheck-report.json'), 'utf8')) as RunReport;
    const rows = report.suites.flatMap((s) => s.plugins.map((p) => `${p.keg.name}:${p.plugin.name}:${p.plugin.type}`)).sort();
    expect(rows).toEqual(['vowels_lowercase_only:count_vowels:kegs.testing.vowelcounter', 'vowels_wat:count_vowels:kegs.testing.vowelcounter']);
    // The matrix: which keg conforms, and which checks the other fails (here only its listed known failures).
    const byKeg = new Map(report.suites.flatMap((s) => s.plugins).map((p) => [p.keg.name, p]));
    expect(byKeg.get('vowels_wat')?.checks.every((c) => c.status === 'pass')).toBe(true);
    const lowercase = byKeg.get('vowels_lowercase_only');
    expect(lowercase?.checks.filter((c) => c.status === 'xfail').map((c) => c.name)).toEqual(expect.arrayContaining(['uppercase AEIOU', 'mixed case sentence']));
    expect(lowercase?.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'xpass').map((c) => `${c.name}: ${c.status}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports a store with no plugin of the suite type as unable to run', async () => {
    const empty = join(temp.dir, 'other-store');
    await copyKeg('packed/packed_rust', join(empty, 'packed_rust'));
    const { code, err } = await kegcheck(['run', VOWEL_SUITE, '--store', empty]);
    expect(code).toBe(2);
    expect(err).toContain('[target-not-found]');
  });

  it('takes the matches_reference reference from a keg of the store', async () => {
    const packedStore = join(temp.dir, 'packed-store');
    for (const keg of ['packed_rust', 'packed_as', 'packed_sign_dropped']) await copyKeg(`packed/${keg}`, join(packedStore, keg));
    await copyKeg('vowelcounter/vowels_wat', join(packedStore, 'vowels_wat'));
    // The broken keg, named as a store package, as the reference: conforming kegs must now disagree with it, which proves it was used.
    const suite = join(ROOT, 'conformance/packed.suite.toml');
    const args = ['run', suite, '--store', packedStore, '--reference', 'packed_sign_dropped', '--check', 'sum_i64 matches the reference'];
    const { code } = await kegcheck([...args, '--seed', '11', '--reporter', 'json', '--out', 'ref-out']);
    const report = JSON.parse(await readFile(join(temp.dir, 'ref-out/kegcheck-report.json'), 'utf8')) as RunReport;
    const matrix = Object.fromEntries(report.suites.flatMap((s) => s.plugins).map((p) => [p.keg.name, p.checks.filter((c) => c.kind === 'property').map((c) => c.status)]));
    expect(matrix).toEqual({ packed_as: ['fail'], packed_rust: ['fail'], packed_sign_dropped: ['xpass'] });
    expect(code).toBe(1);
  });
});
