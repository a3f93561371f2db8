import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = join(REPO, 'fixtures/suite-packages/vowelcounter-suite');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let suiteText: string;
beforeAll(async () => {
  tmp = await makeTempDir('diff');
  suiteText = await readFile(join(EXAMPLE, 'suites/vowelcounter.suite.toml'), 'utf8');
  // Two installed versions side by side, the way `npm install old@npm:<name>@<version>` lays them out.
  await mkdir(join(tmp.dir, 'node_modules'), { recursive: true });
  await cp(EXAMPLE, join(tmp.dir, 'node_modules/old-suite'), { recursive: true });
  await cp(EXAMPLE, join(tmp.dir, 'next'), { recursive: true });
});
afterAll(() => tmp.cleanup());

async function edit(version: string, change: (text: string) => string, pkgVersion = version): Promise<void> {
  await writeFile(join(tmp.dir, 'next/suites/vowelcounter.suite.toml'), change(suiteText).replace('version = "1.3.0"', `version = "${version}"`));
  const manifest = JSON.parse(await readFile(join(EXAMPLE, 'package.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(tmp.dir, 'next/package.json'), JSON.stringify({ ...manifest, version: pkgVersion }));
}

describe('kegcheck diff', () => {
  it('a new case with a patch bump is enough: exit 0', async () => {
    await edit('1.3.1', (t) => `${t}\n[[cases]]\nname = "y is no vowel"\nfunction = "count_vowels"\ninput = "y"\nexpect = { json = { count = 0 } }\n`);
    const r = await cli(['diff', 'old-suite', 'next'], tmp.dir);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('kegs.testing.vowelcounter: 1.3.0 → 1.3.1');
    expect(r.out).toContain('patch  case "y is no vowel" added');
    expect(r.out).toContain('needs: patch; versions show: patch');
  });

  it('a narrowed schema under a minor bump: exit 1 naming the change', async () => {
    await edit('1.4.0', (t) => t.replace('minimum = 0', 'minimum = 0, maximum = 1000'));
    const r = await cli(['diff', 'old-suite', 'next'], tmp.dir);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/major\s+function count_vowels: output_schema narrowed/);
    expect(r.out).toContain('kegs.testing.vowelcounter: 1.3.0 → 1.4.0 is a minor bump, but "function count_vowels: output_schema narrowed" needs a major bump');
  });

  it('the package version must cover the change too', async () => {
    await edit('2.0.0', (t) => t.replace('minimum = 0', 'minimum = 1'), '1.4.0');
    const r = await cli(['diff', 'old-suite', 'next', '--json'], tmp.dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { ok: boolean; needed: string; packages: { ok: boolean }; problems: string[] };
    expect(json).toMatchObject({ ok: false, needed: 'major', packages: { ok: false } });
    expect(json.problems).toEqual([expect.stringContaining('package @kegcheck-examples/vowelcounter-suite: 1.3.0 → 1.4.0 is a minor bump')]);
  });

  it('bad input: exit 2, nothing compared', async () => {
    expect((await cli(['diff', 'old-suite'], tmp.dir)).code).toBe(2);
    const missing = await cli(['diff', 'old-suite', 'no-such-thing'], tmp.dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('[suite-not-found]');
    await writeFile(join(tmp.dir, 'broken.suite.toml'), '[suite]\ntype = "x.y"\n');
    const broken = await cli(['diff', 'old-suite', 'broken.suite.toml'], tmp.dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('broken.suite.toml');
    expect(broken.out).toBe('');
  });
});
