import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCHEMA = join(REPO, 'fixtures/xtp-schemas/vowelcounter.yaml');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('import');
});
afterAll(() => tmp.cleanup());

describe('kegcheck import', () => {
  it('writes a suite that runs against real plugins of the type', async () => {
    const out = join(tmp.dir, 'vowels.suite.toml');
    const written = await cli(['import', SCHEMA, '--out', out, '--type', 'kegs.testing.vowelcounter', '--version', '1.0.0'], tmp.dir);
    expect(written.code, written.err).toBe(0);
    expect(written.err).toContain('1 function(s), 0 host function stub(s)');
    const good = await cli(['run', out, join(REPO, 'fixtures/suites/vowelcounter/vowels_wat'), '--seed', '3', '--reporter', 'json', '--out', 'reports'], tmp.dir);
    expect(good.code, good.out + good.err).toBe(0);
    const report = JSON.parse(await readFile(join(tmp.dir, 'reports/kegcheck-report.json'), 'utf8')) as { suites: { plugins: { checks: { id: string; status: string }[] }[] }[] };
    expect(report.suites[0]?.plugins[0]?.checks.map((c) => `${c.id}=${c.status}`)).toContain('property:count_vowels conforms=pass');
  });

  it('refuses to replace a file without --force, and an unknown version with file and key', async () => {
    const out = join(tmp.dir, 'exists.suite.toml');
    await writeFile(out, 'keep me');
    const again = await cli(['import', SCHEMA, '--out', out], tmp.dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('[import-exists]');
    expect(await readFile(out, 'utf8')).toBe('keep me');
    const v3 = join(tmp.dir, 'v3.yaml');
    await writeFile(v3, 'version: v3\nexports:\n  f: {}\n');
    const bad = await cli(['import', v3, '--out', join(tmp.dir, 'v3.suite.toml')], tmp.dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^kegcheck: v3\.yaml:1:10 \(version\): unknown XTP Schema version "v3".*\[xtp-version\]/);
    await expect(readFile(join(tmp.dir, 'v3.suite.toml'))).rejects.toThrow();
  });
});
