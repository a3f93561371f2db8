import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleReport, sampleSuites } from '../../report/_internals/sample-report.js';
import { createReporters } from '../../report/create-reporters.js';
import { validateReport } from '../../report/validate-report.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-merge-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: dir, isTTY: false };
}

async function writeShard(name: string, report: RunReport): Promise<string> {
  const outDir = join(dir, name);
  const [json] = await createReporters(['json'], { outDir, env: {}, isTTY: false, write: () => undefined });
  await json!.onEnd(report);
  return name;
}

describe('kegcheck merge', () => {
  it('merges shard folders and renders every format into --out', async () => {
    const suites = sampleSuites();
    const a = await writeShard('shard-1', sampleReport([suites[0]!], { shard: { index: 1, count: 2 } }));
    const b = await writeShard('shard-2', sampleReport([suites[1]!], { shard: { index: 2, count: 2 } }));
    const cli = io();
    expect(await main(['merge', a, `${b}/kegcheck-report.json`, '--out', 'merged'], cli)).toBe(1);
    expect((await readdir(join(dir, 'merged'))).sort()).toEqual(['junit.xml', 'kegcheck-report.html', 'kegcheck-report.json', 'kegcheck-summary.md']);
    const merged = JSON.parse(await readFile(join(dir, 'merged', 'kegcheck-report.json'), 'utf8')) as RunReport;
    expect(validateReport(merged)).toEqual([]);
    expect(merged.summary).toEqual(sampleReport().summary);
    expect(merged.meta.argv).toEqual(['merge', a, `${b}/kegcheck-report.json`, '--out', 'merged']);
    expect(cli.out.join('')).toContain('Verdict  FAIL');
    expect(cli.err).toEqual([]);
  });

  it('exits 0 for a passing merge and honours --reporter', async () => {
    const passing = sampleSuites().map((s) => ({ ...s, plugins: s.plugins.filter((p) => p.verdict === 'pass') }));
    const a = await writeShard('s', sampleReport(passing));
    const cli = io();
    expect(await main(['merge', a, '--reporter', 'json', '--out', 'only-json'], cli)).toBe(0);
    expect(await readdir(join(dir, 'only-json'))).toEqual(['kegcheck-report.json']);
    expect(await main(['merge', a, '--reporter', 'json', '--out', 'strict', '--require-coverage'], io())).toBe(1);
  });

  it('refuses reports of different suite versions with a clear error and writes nothing', async () => {
    const suites = sampleSuites();
    const a = await writeShard('a', sampleReport([{ ...suites[0]!, plugins: [suites[0]!.plugins[0]!] }]));
    const b = await writeShard('b', sampleReport([{ ...suites[0]!, suite: { ...suites[0]!.suite, version: '2.0.0' }, plugins: [suites[0]!.plugins[1]!] }]));
    const cli = io();
    expect(await main(['merge', a, b, '--out', 'out'], cli)).toBe(2);
    expect(cli.err.join('')).toMatch(/^kegcheck: b: suite kegs\.testing\.echo is version 1\.0\.0 in a but 2\.0\.0 in b: merge only reports of the same suite version \[merge-suite-version\]\n$/);
    expect(await readdir(dir)).not.toContain('out');
  });

  it('points at the broken input: missing, bad JSON, wrong shape, unknown reporter', async () => {
    await writeFile(join(dir, 'bad.json'), '{\n  "schemaVersion": 1,\n  oops\n}');
    await mkdir(join(dir, 'wrong'));
    await writeFile(join(dir, 'wrong', 'kegcheck-report.json'), JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
    const cases: [string[], RegExp][] = [
      [['merge', 'nope.json'], /nope\.json: cannot read report .*ENOENT \[report-read\]/],
      [['merge', 'reports/*.json'], /the shell did not expand the pattern.*\[report-read\]/],
      [['merge', 'bad.json'], /bad\.json:3:3: not a JSON report: .*\[report-invalid-json\]/],
      [['merge', 'wrong'], /kegcheck-report\.json: not a kegcheck report .*\/schemaVersion must be equal to constant \[report-invalid\]/],
      [['merge', 'bad.json', '--reporter', 'pdf'], /unknown reporter 'pdf'; expected one of: console, json, junit, markdown, github, html \[unknown-reporter\]/],
      [['merge', '--bogus'], /unknown option --bogus.*\[bad-arguments\]/s],
      [['merge', 'a.json', '--reportr', 'json'], /unknown option --reportr; did you mean --reporter\? \[bad-arguments\]/],
      [['merge'], /needs at least one JSON report/],
    ];
    for (const [argv, pattern] of cases) {
      const cli = io();
      expect(await main(argv, cli), argv.join(' ')).toBe(2);
      expect(cli.err.join(''), argv.join(' ')).toMatch(pattern);
      expect(cli.err.join('')).not.toContain('internal error');
    }
  });
});
