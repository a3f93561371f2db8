import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('pack-verdicts');
});
afterEach(async () => {
  await temp.cleanup();
});

async function kegcheck(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { PATH: process.env['PATH'], HOME: temp.dir }, cwd: temp.dir, isTTY: false };
  return { code: await main(args, io), out, err };
}

async function verdicts(suite: string, keg: string, out: string): Promise<{ code: number; checks: Record<string, string> }> {
  const { code } = await kegcheck(['run', suite, keg, '--seed', '1234', '--reporter', 'json', '--out', out]);
  const report = JSON.parse(await readFile(join(temp.dir, out, 'kegcheck-report.json'), 'utf8')) as RunReport;
  const checks: Record<string, string> = {};
  for (const plugin of report.suites.flatMap((s) => s.plugins)) {
    for (const check of plugin.checks) checks[`${plugin.keg.name}:${plugin.plugin.name}:${check.id}`] = check.status;
  }
  return { code, checks };
}

it('a packed keg passes kegcheck validate and gets the same verdicts as its folder', async () => {
  // The broken fixture: its verdicts mix pass and xfail, so a difference would show.
  const folder = join(temp.dir, 'vowels_lowercase_only');
  await cp(join(ROOT, 'fixtures/suites/vowelcounter/vowels_lowercase_only'), folder, { recursive: true, filter: (src) => !/[/\\](target|dist)$/.test(src) });
  const packed = await kegcheck(['pack', 'vowels_lowercase_only', '--out', 'dist']);
  expect(packed.err).toBe('');
  expect(packed.code).toBe(0);
  const kegFile = join(temp.dir, 'dist/vowels_lowercase_only-0.9.0.keg');

  const validated = await kegcheck(['validate', kegFile]);
  expect(validated.err).toBe('');
  expect(validated.code).toBe(0);

  const suite = join(ROOT, 'conformance/vowelcounter.suite.toml');
  const fromFolder = await verdicts(suite, folder, 'folder-report');
  const fromKeg = await verdicts(suite, kegFile, 'keg-report');
  expect(Object.keys(fromFolder.checks).length).toBeGreaterThan(5);
  expect(Object.values(fromFolder.checks)).toContain('xfail');
  expect(Object.values(fromFolder.checks)).toContain('pass');
  expect(fromKeg.checks).toEqual(fromFolder.checks);
  expect(fromKeg.code).toBe(fromFolder.code);
});
