import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { summarize } from '../model/result.js';
import type { Reporter } from '../model/reporter.js';
import { createReporters } from '../report/create-reporters.js';
import { renderJsonReport } from '../report/json-reporter.js';
import { renderJunitReport } from '../report/junit-reporter.js';
import { loadSuite } from './load-suite.js';
import { runSuites, type SuitePlan } from './run-suites.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEGS = ['fixtures/suites/vowelcounter/vowels_wat', 'fixtures/suites/vowelcounter/vowels_lowercase_only', 'fixtures/good-kegs/vowels'];

let outDir: string;
let kegs: Keg[] = [];
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kegcheck-streaming-'));
});
afterEach(async () => {
  for (const keg of kegs) await keg.dispose();
  kegs = [];
  await rm(outDir, { recursive: true, force: true });
});

async function plans(): Promise<SuitePlan[]> {
  const loaded = await loadSuite(`${ROOT}conformance/vowelcounter.suite.toml`);
  if (loaded.kind !== 'ok') throw new Error('the published vowelcounter suite did not load');
  kegs = await Promise.all(KEGS.map((name) => loadKeg(`${ROOT}${name}`)));
  // Two suites, the second with an empty share of the work (as a shard can get).
  return [
    { suite: loaded.suite, targets: kegs.map((keg) => ({ keg })) },
    { suite: { ...loaded.suite, file: `${ROOT}conformance/vowelcounter-copy.suite.toml` }, targets: [] },
  ];
}

const reporters = async (): Promise<Reporter[]> => createReporters(['json', 'junit'], { outDir, env: {}, isTTY: false, write: () => undefined });

describe('runSuites streaming to reporters', () => {
  it('writes the JSON and JUnit reports a whole-report render gives, byte for byte, on a real run', async () => {
    const { report, files } = await runSuites(await plans(), { seed: 7, runs: 20, workers: 2, reporters: await reporters() });
    expect(report.suites.map((s) => s.plugins.length)).toEqual([KEGS.length, 0]);
    // Passing and expected-to-fail checks both go through the streamed files.
    expect(report.summary.byStatus.pass).toBeGreaterThan(0);
    expect(report.summary.byStatus.xfail).toBeGreaterThan(0);
    expect(report.summary).toEqual(summarize(report.suites));
    expect(await readFile(files[0]!, 'utf8')).toBe(renderJsonReport(report));
    expect(await readFile(files[1]!, 'utf8')).toBe(renderJunitReport(report));
    expect((await readdir(outDir)).sort()).toEqual(['junit.xml', 'kegcheck-report.json']);
  });

  it('keeps no plugin result with keepResults none, and the same summary and verdicts', async () => {
    const whole = await runSuites(await plans(), { seed: 7, runs: 20, workers: 2 });
    const lean = await runSuites(await plans(), { seed: 7, runs: 20, workers: 2, keepResults: 'none', reporters: await reporters() });
    expect(lean.report.suites.map((s) => s.plugins)).toEqual([[], []]);
    expect(lean.report.summary).toEqual(whole.report.summary);
    const written = JSON.parse(await readFile(lean.files[0]!, 'utf8')) as { suites: { plugins: { verdict: string; checks: { id: string; status: string }[] }[] }[] };
    const verdicts = (suites: readonly { plugins: readonly { verdict: string; checks: readonly { id: string; status: string }[] }[] }[]): unknown =>
      suites.map((s) => s.plugins.map((p) => [p.verdict, p.checks.map((c) => `${c.id} ${c.status}`)]));
    expect(verdicts(written.suites)).toEqual(verdicts(whole.report.suites));

    const compact = await runSuites(await plans(), { seed: 7, runs: 20, workers: 2, keepResults: 'verdicts' });
    expect(compact.report.suites[0]!.plugins.map((p) => [p.keg.name, p.verdict, p.checks.length, p.coverage])).toEqual(whole.report.suites[0]!.plugins.map((p) => [p.keg.name, p.verdict, 0, p.coverage]));
  });

  it('tells reporters to drop what they streamed when the run throws', async () => {
    const abandoned: string[] = [];
    let seen = 0;
    const failing: Reporter = {
      name: 'failing',
      onPluginResult: () => {
        seen += 1;
        if (seen === 2) throw new Error('reporter bug');
      },
      onEnd: async () => [],
      onAbandon: async () => void abandoned.push('failing'),
    };
    await expect(runSuites(await plans(), { seed: 7, runs: 5, workers: 1, reporters: [...(await reporters()), failing] })).rejects.toThrow('reporter bug');
    expect(seen).toBe(2);
    expect(abandoned).toEqual(['failing']);
    expect(await readdir(outDir)).toEqual([]);
  });
});
