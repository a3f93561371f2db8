// --coverage runs the same plugins through the same supervisor: verdicts and
// call outcomes must not change, and the counts must add up.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import { parseLcov } from '../report/_internals/parse-lcov.js';
import { validateReport } from '../report/validate-report.js';
import type { RunReport } from '../model/result.js';
import { fixtureSpec, text } from './_internals/fixture-specs.js';
import { CoverageCollector } from './coverage-collector.js';
import type { CallRequest, CallResult, PluginSpec } from './plugin-spec.js';
import { Supervisor } from './supervisor.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RUN = ['run', 'conformance', 'fixtures/good-kegs/vowels', 'fixtures/suites/vowelcounter', 'fixtures/suites/packed', 'fixtures/suites/resources', '--seed', '7', '--runs', '25', '--reporter', 'json'];

function io(): CliIO & { err: string[]; out: string[] } {
  const err: string[] = [];
  const out: string[] = [];
  return { err, out, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { CI: 'true' }, cwd: REPO, isTTY: false };
}

function verdicts(r: RunReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of r.suites) {
    for (const p of s.plugins) {
      out[`${p.keg.source}|${p.plugin.name}`] = p.verdict;
      for (const c of p.checks) out[`${p.keg.source}|${p.plugin.name}|${c.id}`] = c.status;
    }
  }
  return out;
}

describe('kegcheck run --coverage on every published suite and its fixtures', () => {
  let dir: string;
  let plain: RunReport;
  let covered: RunReport;
  let exits: number[];
  let lcov: string;
  let console: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kegcheck-cov-'));
    const coveredIo = io();
    exits = [
      await main([...RUN, '--out', join(dir, 'plain')], io()),
      await main([...RUN, '--out', join(dir, 'covered'), '--coverage', '--reporter', 'markdown', '--reporter', 'html', '--reporter', 'console'], coveredIo),
    ];
    console = coveredIo.out.join('');
    plain = JSON.parse(await readFile(join(dir, 'plain', 'kegcheck-report.json'), 'utf8')) as RunReport;
    covered = JSON.parse(await readFile(join(dir, 'covered', 'kegcheck-report.json'), 'utf8')) as RunReport;
    lcov = await readFile(join(dir, 'covered', 'lcov.info'), 'utf8');
  }, 240_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every check the same verdict with and without --coverage', () => {
    expect(exits[1]).toBe(exits[0]);
    expect(Object.keys(verdicts(plain)).length).toBeGreaterThan(50);
    expect(verdicts(covered)).toEqual(verdicts(plain));
    expect(plain.guestCoverage).toBeUndefined();
  });

  it('reports every plugin under test (never the reference) in a schema-valid report', () => {
    expect(validateReport(covered)).toEqual([]);
    const tested = covered.suites.flatMap((s) => s.plugins.map((p) => `${p.keg.name}:${p.plugin.name}`)).sort();
    const reported = (covered.guestCoverage?.plugins ?? []).map((p) => `${p.keg}:${p.plugin}`).sort();
    expect(reported).toEqual(tested);
    for (const p of covered.guestCoverage?.plugins ?? []) {
      expect(p.status).toBe('ok');
      if (p.status !== 'ok') continue;
      expect(p.totals.functionsHit).toBeGreaterThan(0);
      expect(p.totals.blocksHit).toBeLessThanOrEqual(p.totals.blocks);
    }
  });

  it('writes an lcov.info that parses back to the report counts', () => {
    const records = parseLcov(lcov);
    const plugins = (covered.guestCoverage?.plugins ?? []).filter((p) => p.status === 'ok');
    const fnf = records.reduce((n, r) => n + r.summary.FNF, 0);
    const fnh = records.reduce((n, r) => n + r.summary.FNH, 0);
    expect(fnf).toBe(plugins.reduce((n, p) => n + (p.status === 'ok' ? p.totals.functions : 0), 0));
    expect(fnh).toBe(plugins.reduce((n, p) => n + (p.status === 'ok' ? p.totals.functionsHit : 0), 0));
  });

  it('adds a guest coverage section to the Markdown and HTML reports, naming functions never run', async () => {
    const md = await readFile(join(dir, 'covered', 'kegcheck-summary.md'), 'utf8');
    const html = await readFile(join(dir, 'covered', 'kegcheck-report.html'), 'utf8');
    expect(md).toContain('### Guest code coverage');
    expect(console).toContain('Guest code coverage (wasm functions · blocks hit)');
    expect(console).toMatch(/packed_as:packed_echo {2}functions \d+\/\d+ {2}blocks \d+\/\d+ \([\d.]+ %\)\n {3}never run: /);
    expect(html).toContain('<h2>Guest code coverage</h2>');
    for (const p of covered.guestCoverage?.plugins ?? []) {
      if (p.status !== 'ok') continue;
      const row = md.slice(md.indexOf('### Guest code coverage')).split('\n').find((l) => l.startsWith(`| ${p.keg}:${p.plugin} |`));
      expect(row).toContain(`| ${p.totals.functionsHit}/${p.totals.functions} | ${p.totals.blocksHit}/${p.totals.blocks} |`);
      const never = p.functions.find((f) => f.hits === 0);
      if (never !== undefined) expect(html).toContain(`<code>${never.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`);
    }
  });

  it('refuses --min-guest-coverage without --coverage', async () => {
    expect(await main(['run', 'conformance/vowelcounter.suite.toml', '--min-guest-coverage', '50'], io())).toBe(2);
  });

  it('fails the run below --min-guest-coverage', async () => {
    const args = ['run', 'conformance/resources.suite.toml', 'fixtures/suites/resources/greeter_as', '--seed', '3', '--reporter', 'json', '--coverage'];
    expect(await main([...args, '--out', join(dir, 'min0'), '--min-guest-coverage', '0'], io())).toBe(0);
    const high = io();
    expect(await main([...args, '--out', join(dir, 'min100'), '--min-guest-coverage', '100'], high)).toBe(1);
    expect(high.err.join('')).toContain('below --min-guest-coverage 100 %');
  });

  it('merge adds the shards up to the whole run', async () => {
    const args = ['run', 'conformance/vowelcounter.suite.toml', 'fixtures/suites/vowelcounter', '--seed', '3', '--runs', '20', '--reporter', 'json', '--coverage'];
    await main([...args, '--out', join(dir, 'whole')], io());
    await main([...args, '--out', join(dir, 's1'), '--shard', '1/2'], io());
    await main([...args, '--out', join(dir, 's2'), '--shard', '2/2'], io());
    await main(['merge', join(dir, 's1'), join(dir, 's2'), '--out', join(dir, 'merged'), '--reporter', 'json'], io());
    const read = async (name: string): Promise<RunReport> => JSON.parse(await readFile(join(dir, name, 'kegcheck-report.json'), 'utf8')) as RunReport;
    const hits = (r: RunReport): Record<string, number[]> =>
      Object.fromEntries((r.guestCoverage?.plugins ?? []).map((p) => [p.plugin + p.keg, p.status === 'ok' ? p.functions.flatMap((f) => [f.hits, ...f.blocks.map((b) => b.hits)]) : []]));
    const [whole, s1, merged] = [await read('whole'), await read('s1'), await read('merged')];
    expect(s1.guestCoverage?.plugins.length).toBe(1);
    expect(Object.keys(hits(whole)).length).toBe(2);
    expect(hits(merged)).toEqual(hits(whole));
    expect(parseLcov(await readFile(join(dir, 'merged', 'lcov.info'), 'utf8')).length).toBe(2);
  });
});

describe('the supervisor with a CoverageCollector', () => {
  const hostile = (name: string): PluginSpec => fixtureSpec('hostile-keg', name, { maxMemoryPages: 64 });
  const probe = fixtureSpec('probe-keg', 'probe');
  let collector: CoverageCollector;

  beforeAll(async () => {
    collector = await CoverageCollector.create();
  });

  const plans: Array<[PluginSpec, CallRequest[]]> = [
    [probe, [{ fn: 'echo', input: text('hi') }, { fn: 'counter', input: text('') }, { fn: 'counter', input: text(''), fresh: false }, { fn: 'nope', input: text('') }]],
    [hostile('trap'), [{ fn: 'run', input: text('') }]],
    [hostile('init_trap'), [{ fn: 'run', input: text('') }]],
    [hostile('loop_forever'), [{ fn: 'run', input: text(''), timeoutMs: 300 }]],
    [hostile('grow_memory'), [{ fn: 'run', input: text('') }]],
    [hostile('huge_output'), [{ fn: 'run', input: text('') }]],
    [hostile('unknown_import'), [{ fn: 'run', input: text('') }]],
    [hostile('print_flood'), [{ fn: 'run', input: text('') }]],
    [hostile('hoard'), [{ fn: 'run', input: text('') }, { fn: 'run', input: text(''), fresh: false }]],
    [hostile('static_escape'), [{ fn: 'up', input: text('') }, { fn: 'etc_passwd', input: text('') }, { fn: 'nul', input: text('') }]],
    [fixtureSpec('probe-keg', 'count_vowels'), [{ fn: 'count_vowels', input: text('Hello World') }]],
  ];

  const outcome = (r: CallResult): string => (r.kind === 'ok' ? `ok:${Buffer.from(r.output).toString('hex')}` : r.kind);

  it('gives hostile plugins the same outcomes instrumented as plain', async () => {
    const plain = new Supervisor({ workers: 1 });
    const instrumented = new Supervisor({ workers: 1, coverage: collector });
    try {
      for (const [spec] of plans) collector.track(spec.wasmPath, { keg: 'k', plugin: spec.pluginDir });
      const kinds = new Set<string>();
      for (const [spec, calls] of plans) {
        const a = (await plain.run(spec, calls)).map(outcome);
        const b = (await instrumented.run(spec, calls)).map(outcome);
        expect(b, spec.wasmPath).toEqual(a);
        for (const k of a) kinds.add(k.replace(/:.*/, ''));
      }
      // The plans cover every way a call can end, not just success.
      expect([...kinds].sort()).toEqual(['init-failed', 'link-error', 'memory-limit', 'missing-export', 'ok', 'output-limit', 'plugin-error', 'timeout', 'trap']);
    } finally {
      await Promise.all([plain.close(), instrumented.close()]);
    }
    const coverage = await collector.collect();
    const probeCoverage = coverage.plugins.find((p) => p.wasm === probe.wasmPath);
    expect(probeCoverage?.status).toBe('ok');
    if (probeCoverage?.status !== 'ok') return;
    const byName = new Map(probeCoverage.functions.map((f) => [f.name, f.hits]));
    expect(byName.get('echo')).toBe(1);
    expect(byName.get('counter')).toBe(2);
  }, 60_000);
});
