import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../model/result.js';
import { runConformance } from './run-conformance.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let work: string;
let out = '';
let err = '';
const io = () => ({ stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), env: { NO_COLOR: '1' }, isTTY: false, cwd: work });

// A copy of the published vowel counter suite and its two fixture kegs, at
// the same relative places, so the suite's `fixtures` paths hold.
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kegcheck-conformance-test-'));
  out = '';
  err = '';
  await cp(join(REPO, 'conformance/vowelcounter.suite.toml'), join(work, 'conformance/vowelcounter.suite.toml'));
  await cp(join(REPO, 'conformance/oracles'), join(work, 'conformance/oracles'), { recursive: true });
  await cp(join(REPO, 'fixtures/suites/vowelcounter'), join(work, 'fixtures/suites/vowelcounter'), { recursive: true });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const options = () => ({ conformanceDir: join(work, 'conformance'), fixturesDir: join(work, 'fixtures'), outDir: join(work, 'reports'), seed: 1, io: io() });

describe('runConformance (the suite phase of npm start)', () => {
  it('runs each suite against the fixtures it names and writes every report', async () => {
    expect(await runConformance(options())).toBe('pass');
    expect((await readdir(join(work, 'reports'))).sort()).toEqual(['junit.xml', 'kegcheck-report.html', 'kegcheck-report.json', 'kegcheck-summary.md']);
    const report = JSON.parse(await readFile(join(work, 'reports/kegcheck-report.json'), 'utf8')) as RunReport;
    expect(report.suites[0]?.plugins.map((p) => p.keg.name)).toEqual(['vowels_wat', 'vowels_lowercase_only']);
    expect(report.summary.byStatus.xfail).toBeGreaterThan(0);
    expect(report.meta.seed).toBe(1);
    expect(err).toBe('');
  });

  it('finds kegs of the suite type when the suite names none, and fails once the broken keg is no longer expected to fail', async () => {
    const file = join(work, 'conformance/vowelcounter.suite.toml');
    const text = await readFile(file, 'utf8');
    const withoutFixtures = text.replace(/fixtures = \[[^\]]*\]\n/, '');
    expect(withoutFixtures).not.toBe(text);
    await writeFile(file, withoutFixtures.slice(0, withoutFixtures.indexOf('[[expected_fail]]')));
    expect(await runConformance(options())).toBe('fail');
    const report = JSON.parse(await readFile(join(work, 'reports/kegcheck-report.json'), 'utf8')) as RunReport;
    expect(report.suites[0]?.plugins.map((p) => [p.keg.name, p.verdict]).sort()).toEqual([
      ['vowels_lowercase_only', 'fail'],
      ['vowels_wat', 'pass'],
    ]);
  });

  it('says so and returns none when there are no suites; fails on an invalid suite', async () => {
    expect(await runConformance({ ...options(), conformanceDir: join(work, 'nowhere') })).toBe('none');
    expect(out).toContain('no conformance suites');
    await writeFile(join(work, 'conformance/bad.suite.toml'), '[suite]\ntype = 1\n');
    expect(await runConformance(options())).toBe('fail');
    expect(err).toContain('bad.suite.toml:2:');
  });
});
