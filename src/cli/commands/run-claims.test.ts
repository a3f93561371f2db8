// Conformance claims end to end: three versions of a suite, three copies of a
// conformant keg claiming different ranges; each plugin runs against what its
// claims select, an unsatisfiable claim is a finding, and the reports show the
// keg × suite-version matrix and the badges.
import { cp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const VOWELS = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

const suite = (version: string, yIsVowel: boolean): string => `[suite]
type = "kegs.testing.vowelcounter"
version = "${version}"
[[functions]]
name = "count_vowels"
input = "string"
output = "json"
[[cases]]
name = "hello"
function = "count_vowels"
input = "hello"
expect = { json = { count = 2 } }
[[cases]]
name = "y"
function = "count_vowels"
input = "y"
expect = { json = { count = ${yIsVowel ? 1 : 0} } }
`;

let tmp: { dir: string; cleanup: () => Promise<void> };
async function keg(name: string, conforms: string[] | undefined): Promise<void> {
  const dir = join(tmp.dir, 'kegs', name);
  await cp(VOWELS, dir, { recursive: true });
  const manifest = await readFile(join(dir, 'keg.toml'), 'utf8');
  await writeFile(join(dir, 'keg.toml'), manifest.replace('name = "vowels_wat"', `name = "${name}"`));
  const meta = join(dir, 'plugins/count_vowels/metadata.toml');
  if (conforms !== undefined) await writeFile(meta, `${await readFile(meta, 'utf8')}conforms = [${conforms.map((c) => JSON.stringify(c)).join(', ')}]\n`);
}

beforeAll(async () => {
  tmp = await makeTempDir('claims-run');
  await mkdir(join(tmp.dir, 'suites'));
  await writeFile(join(tmp.dir, 'suites/v1.0.suite.toml'), suite('1.0.0', false));
  await writeFile(join(tmp.dir, 'suites/v1.3.suite.toml'), suite('1.3.0', false));
  // 2.0 counts y as a vowel: the fixture plugin does not.
  await writeFile(join(tmp.dir, 'suites/v2.0.suite.toml'), suite('2.0.0', true));
  await keg('unclaimed', undefined);
  await keg('claims_1_2', ['kegs.testing.vowelcounter@^1.2']);
  await keg('claims_1_and_3', ['kegs.testing.vowelcounter@^1.0', 'kegs.testing.vowelcounter@^3']);
});
afterAll(() => tmp.cleanup());

describe('kegcheck run with conformance claims', () => {
  let result: { code: number; out: string; err: string };
  let report: RunReport;
  beforeAll(async () => {
    result = await cli(['run', 'suites', 'kegs', '--seed', '1', '--reporter', 'json', '--reporter', 'markdown', '--reporter', 'html', '--out', 'reports', '--badge', 'badges'], tmp.dir);
    report = JSON.parse(await readFile(join(tmp.dir, 'reports/kegcheck-report.json'), 'utf8')) as RunReport;
  });

  it('runs each plugin against the suite versions its claims select', () => {
    const ran = report.suites.flatMap((s) => s.plugins.map((p) => `${p.keg.name}@${s.suite.version}=${p.verdict}`)).sort();
    expect(ran).toEqual(['claims_1_2@1.3.0=pass', 'claims_1_and_3@1.3.0=pass', 'unclaimed@2.0.0=fail']);
    expect(report.claims).toContainEqual(expect.objectContaining({ keg: 'claims_1_and_3', range: '^3' }));
    expect(report.claims?.find((c) => c.keg === 'claims_1_and_3' && c.range === '^3')?.suiteVersion).toBeUndefined();
    expect(report.claims?.find((c) => c.keg === 'unclaimed')).toMatchObject({ suiteVersion: '2.0.0' });
  });

  it('an unsatisfiable claim is a finding naming metadata.toml and the key; the run fails', () => {
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/claims_1_and_3\/plugins\/count_vowels\/metadata\.toml \(conforms\[1\]\): .*claims kegs\.testing\.vowelcounter@\^3, but no given suite satisfies it \(given: 1\.0\.0, 1\.3\.0, 2\.0\.0\) \[conforms-unsatisfied\]/);
  });

  it('Markdown and HTML show the keg × suite-version matrix', async () => {
    const md = await readFile(join(tmp.dir, 'reports/kegcheck-summary.md'), 'utf8');
    // Columns are the versions some plugin ran against (1.0.0 was selected by no claim).
    expect(md).toContain('| Keg:plugin | kegs.testing.vowelcounter@1.3.0 | kegs.testing.vowelcounter@2.0.0 | Claims |');
    expect(md).toContain('| claims_1_2:count_vowels | ✅ pass | — | vowelcounter@^1.2 |');
    expect(md).toContain('| unclaimed:count_vowels | — | ❌ fail | newest |');
    expect(md).toContain('vowelcounter@^3 ⚠️ no suite satisfies it');
    const html = await readFile(join(tmp.dir, 'reports/kegcheck-report.html'), 'utf8');
    expect(html).toMatch(/<tr data-row="claims_1_2:count_vowels"><th>[^<]*<\/th><td class="pass" data-verdict="pass">PASS<\/td><td class="untested" data-verdict="not run">—<\/td>/);
    expect(html).toContain('data-unsatisfied="vowelcounter@^3"');
  });

  it('--badge writes a shields.io endpoint JSON per keg', async () => {
    expect(JSON.parse(await readFile(join(tmp.dir, 'badges/claims_1_2.json'), 'utf8'))).toEqual({ schemaVersion: 1, label: 'kegcheck', message: 'conforms to vowelcounter 1.3', color: 'brightgreen' });
    expect(JSON.parse(await readFile(join(tmp.dir, 'badges/unclaimed.json'), 'utf8'))).toMatchObject({ message: 'fails vowelcounter 2.0', color: 'red' });
  });

  it('over a store: every plugin of the type, each against what its claims select', async () => {
    const r = await cli(['run', 'suites', '--store', 'kegs', '--seed', '1', '--reporter', 'json', '--out', 'reports-store'], tmp.dir);
    expect(r.code, r.err).toBe(1);
    const fromStore = JSON.parse(await readFile(join(tmp.dir, 'reports-store/kegcheck-report.json'), 'utf8')) as RunReport;
    const ran = fromStore.suites.flatMap((s) => s.plugins.map((p) => `${p.keg.name}@${s.suite.version}=${p.verdict}`)).sort();
    expect(ran).toEqual(['claims_1_2@1.3.0=pass', 'claims_1_and_3@1.3.0=pass', 'unclaimed@2.0.0=fail']);
  });

  it('an invalid range stops the run before anything runs, naming file and key', async () => {
    await keg('bad_range', ['kegs.testing.vowelcounter@^1.2', 'kegs.testing.vowelcounter@>=banana']);
    const r = await cli(['run', 'suites', 'kegs/bad_range', 'kegs/claims_1_2', '--seed', '1', '--reporter', 'json', '--out', 'reports-bad'], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad_range\/plugins\/count_vowels\/metadata\.toml:\d+:\d+ \(conforms\[1\]\): .*\[conforms-range\]/);
    expect(r.out).toBe('');
    await expect(readFile(join(tmp.dir, 'reports-bad/kegcheck-report.json'))).rejects.toThrow();
  });

  it('a plugin whose claims are all met passes alone', async () => {
    const r = await cli(['run', 'suites', 'kegs/claims_1_2', '--seed', '1'], tmp.dir);
    expect(r.code, r.err).toBe(0);
  });
});
