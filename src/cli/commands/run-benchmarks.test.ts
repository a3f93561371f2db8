// `kegcheck run` with benchmark checks: --baseline against a saved report,
// its errors, and --coverage skipping benchmarks. The regressions are made by
// editing the saved figure (0.01 or 100 times the reference), so the verdicts
// do not depend on the machine's speed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SUITE = join(REPO, 'fixtures/benchmarks/vowelcounter.suite.toml');
const FAST = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');
const STRICT = 'benchmark:twice the reference at most';

async function cli(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd: REPO, isTTY: false };
  return { code: await main(argv, io), err };
}

async function benchmarkOf(out: string): Promise<CheckResult> {
  const report = JSON.parse(await readFile(join(out, 'kegcheck-report.json'), 'utf8')) as RunReport;
  const found = report.suites[0]?.plugins[0]?.checks.find((c) => c.id === STRICT);
  if (found === undefined) throw new Error('no benchmark check in the report');
  return found;
}

let dir: string;
let saved: RunReport;
const runArgs = (out: string, ...more: string[]): string[] => ['run', SUITE, FAST, '--check', STRICT, '--seed', '5', '--reporter', 'json', '--out', out, ...more];

async function baselineWithRatio(name: string, ratio: number): Promise<string> {
  const copy = structuredClone(saved) as unknown as { suites: Array<{ plugins: Array<{ checks: Array<{ id: string; benchmark?: { ratio?: number } }> }> }> };
  for (const c of copy.suites[0]?.plugins[0]?.checks ?? []) if (c.id === STRICT && c.benchmark !== undefined) c.benchmark.ratio = ratio;
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(copy));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-bench-cli-'));
  const first = await cli(runArgs(join(dir, 'first')));
  expect(first.code).toBe(0);
  saved = JSON.parse(await readFile(join(dir, 'first', 'kegcheck-report.json'), 'utf8')) as RunReport;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kegcheck run --baseline', () => {
  it('fails a benchmark whose ratio grew beyond the threshold of the saved one', async () => {
    const baseline = await baselineWithRatio('fast-baseline.json', 0.01);
    const run = await cli(runArgs(join(dir, 'regressed'), '--baseline', baseline));
    expect(run.code).toBe(1);
    const check = await benchmarkOf(join(dir, 'regressed'));
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/regressed beyond 1.25x/);
    expect(check.benchmark?.baseline).toMatchObject({ file: baseline, metric: 'ratio', saved: 0.01, threshold: 1.25, regressed: true });
  });

  it('passes within the threshold, which --baseline-threshold sets', async () => {
    const baseline = await baselineWithRatio('slow-baseline.json', 100);
    const run = await cli(runArgs(join(dir, 'kept'), '--baseline', baseline, '--baseline-threshold', '1.5'));
    expect(run.code).toBe(0);
    expect((await benchmarkOf(join(dir, 'kept'))).benchmark?.baseline).toMatchObject({ saved: 100, threshold: 1.5, regressed: false });
  });

  it('reports a missing, unreadable or benchmark-free baseline as an error with its code and file, exit 2', async () => {
    const missing = join(dir, 'nope.json');
    const gone = await cli(runArgs(join(dir, 'x1'), '--baseline', missing));
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('report-read');
    expect(gone.err).toContain(missing);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "schemaVersion": 1,\n  oops }');
    const bad = await cli(runArgs(join(dir, 'x2'), '--baseline', broken));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('report-invalid-json');
    expect(bad.err).toContain(`${broken}:2:`);

    const empty = structuredClone(saved) as unknown as { suites: Array<{ plugins: Array<{ checks: Array<{ benchmark?: unknown }> }> }> };
    for (const c of empty.suites[0]?.plugins[0]?.checks ?? []) delete c.benchmark;
    const none = join(dir, 'none.json');
    await writeFile(none, JSON.stringify(empty));
    const nothing = await cli(runArgs(join(dir, 'x3'), '--baseline', none));
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('baseline-empty');

    expect((await cli(runArgs(join(dir, 'x4'), '--baseline-threshold', '1.5'))).code).toBe(2);
    expect((await cli(runArgs(join(dir, 'x5'), '--baseline', none, '--baseline-threshold', '0.5'))).code).toBe(2);
  });
});

describe('kegcheck run --coverage', () => {
  it('skips benchmark checks with the reason', async () => {
    const run = await cli(runArgs(join(dir, 'coverage'), '--coverage'));
    expect(run.code).toBe(0);
    const check = await benchmarkOf(join(dir, 'coverage'));
    expect(check.status).toBe('skip');
    expect(check.message).toMatch(/instrumented/);
  });
});
