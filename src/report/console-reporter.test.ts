import { describe, expect, it, vi } from 'vitest';
import type { RunReport } from '../model/result.js';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { consoleColorsEnabled, consoleProgressEnabled, createConsoleReporter } from './console-reporter.js';
import type { ReporterContext } from '../model/reporter.js';

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[\d+(;\d+)*m/;
// eslint-disable-next-line no-control-regex
const COLOUR_ALL = /\u001b\[\d+(;\d+)*m/g;

async function run(report: RunReport, context: Partial<ReporterContext> = {}, stream = true, clock: number[] = []): Promise<string[]> {
  const chunks: string[] = [];
  let tick = 0;
  const reporter = createConsoleReporter(
    { outDir: '/nonexistent', env: {}, isTTY: false, write: (text) => chunks.push(text), ...context },
    { now: () => clock[Math.min(tick++, clock.length - 1)] ?? 0, tickMs: 0 },
  );
  const total = report.suites.reduce((n, s) => n + s.plugins.length, 0);
  reporter.onStart?.({ totalPlugins: total, seed: report.meta.seed });
  if (stream) for (const suite of report.suites) for (const plugin of suite.plugins) reporter.onPluginResult?.(suite.suite, plugin);
  expect(await reporter.onEnd(report)).toEqual([]);
  return chunks;
}

describe('console reporter', () => {
  it('prints plain lines without colour or progress when piped', async () => {
    const out = (await run(sampleReport())).join('');
    expect(out).not.toMatch(COLOUR);
    expect(out).not.toContain('\r');
    expect(out).toContain(' ✓ good-keg:echo kegs.testing.echo@1.0.0 3 pass');
    expect(out).toContain(' ✗ bad-keg:echo-broken kegs.testing.echo@1.0.0 2 pass, 2 fail, 1 error, 1 timeout, 1 skip, 1 xfail, 1 xpass');
    expect(out).toContain('Failed checks: 5');
  });

  it('expands a failure with its place, diff, logs and static reads', async () => {
    const out = (await run(sampleReport())).join('');
    const start = out.indexOf('[case:2]');
    const block = out.slice(start, out.indexOf('replay:', start));
    expect(block).toContain('at conformance/echo.suite.toml:17:1');
    expect(block).toContain('output differs from the expected value');
    expect(block).toMatch(/- {3}"count": 2\n\s+\+ {3}"count": 3/);
    expect(block).toContain('[error] bad, very bad: 100%');
    expect(block).toContain('../secret → refused: escapes the static folder');
  });

  it('shows a property counterexample in hex with seed, path and the replay command', async () => {
    const out = (await run(sampleReport())).join('');
    const start = out.indexOf('[property:roundtrip:echo]');
    const block = out.slice(start, out.indexOf('\n\n', out.indexOf('replay:', start)));
    expect(block).toContain('counterexample (after 4 shrinks)');
    expect(block).toContain('input   03 00 00 00 00 00 00 00 | 68 c3 a9');
    expect(block).toContain('output  02 00 00 00 00 00 00 00 | 68 c3');
    expect(block).toContain('values  {"text":"hé","n":"-1"}');
    expect(block).toContain('seed -1234567 path 6:2:0 runs 7');
    expect(block).toContain(
      'replay: kegcheck run conformance/echo.suite.toml fixtures/kegs/bad-keg --plugin echo-broken --check property:roundtrip:echo --seed -1234567 --replay-path 6:2:0 --runs 1',
    );
  });

  it('keeps the continuation lines of a multi-line hex view under its first line', async () => {
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[1]!;
    const checks = plugin.checks.map((check) =>
      check.kind !== 'property' || check.counterexample === undefined ? check : { ...check, counterexample: { ...check.counterexample, hex: 'offset  field\n     0  a  03 00' } },
    );
    const out = (await run(sampleReport([{ ...suites[0]!, plugins: [{ ...plugin, checks }] }]))).join('');
    const first = out.split('\n').find((line) => line.includes('input   offset  field'))!;
    const next = out.split('\n')[out.split('\n').indexOf(first) + 1]!;
    expect(next.indexOf('0  a  03 00')).toBe(first.indexOf('offset') + 5);
  });

  it('explains an xpass and quotes names for the shell', async () => {
    const out = (await run(sampleReport())).join('');
    expect(out).toContain('listed in expected_fail (known bug #13) but passed: remove the entry');
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[1]!;
    const renamed = { ...plugin, keg: { ...plugin.keg, source: "my kegs/it's.keg" } };
    const text = (await run(sampleReport([{ ...suites[0]!, plugins: [renamed] }]))).join('');
    expect(text).toContain(`kegcheck run conformance/echo.suite.toml 'my kegs/it'\\''s.keg' --plugin echo-broken`);
  });

  it('lists every plugin at the end when nothing was streamed (merge)', async () => {
    const out = (await run(sampleReport(), {}, false)).join('');
    expect(out.match(/^ [✓✗] /gm)).toHaveLength(4);
  });

  it('reports coverage per function, host functions, static reads and gaps', async () => {
    const out = (await run(sampleReport())).join('');
    expect(out).toContain(' good-keg:echo  echo 3 cases, 100 runs · count never called · shout never called');
    expect(out).toContain('host functions called: keg_get_static_resource, keg_log (imported: keg_get_static_resource, keg_log) · static reads: vowels.txt, ../secret');
    expect(out).toContain("⚠ warning good-keg:echo: declared function 'count' was never called");
    expect(out).toContain('6 declared functions never called');
  });

  it('turns coverage gaps into errors and a failing verdict under --require-coverage', async () => {
    const passing = sampleSuites().map((s) => ({ ...s, plugins: s.plugins.filter((p) => p.verdict === 'pass') }));
    const lax = (await run(sampleReport(passing))).join('');
    expect(lax).toContain('Verdict  PASS');
    const strict = (await run(sampleReport(passing), { requireCoverage: true })).join('');
    expect(strict).toContain("✗ error good-keg:echo: declared function 'count'");
    expect(strict).toContain('Verdict  FAIL');
  });

  it('draws a progress bar with counts and an ETA on a terminal', async () => {
    // Clock: start at 0, each plugin result then takes 1 s.
    const chunks = await run(sampleReport(), { isTTY: true }, true, [0, 0, 0, 1000, 2000, 3000, 4000]);
    const bars = chunks.filter((c) => c.startsWith('\r\u001b[2K ') && c.includes('ETA'));
    expect(bars.length).toBeGreaterThanOrEqual(4);
    const plain = bars.map((b) => b.replace(COLOUR_ALL, ''));
    expect(plain[1]).toContain('1/4 plugins · 3 checks · 0 failed · ETA 3.0 s');
    expect(plain[2]).toContain('2/4 plugins · 12 checks · 1 failed · ETA 2.0 s');
    expect(plain.at(-1)).toContain('4/4 plugins');
    expect(chunks.join('')).toMatch(COLOUR);
  });

  it('keeps the bar ticking while a plugin runs, and stops at the end', async () => {
    vi.useFakeTimers();
    try {
      const chunks: string[] = [];
      let clock = 0;
      const reporter = createConsoleReporter({ outDir: '/nonexistent', env: {}, isTTY: true, write: (t) => chunks.push(t) }, { now: () => clock, tickMs: 500 });
      reporter.onStart?.({ totalPlugins: 2, seed: 1 });
      const bars = (): string[] => chunks.filter((c) => c.includes('ETA')).map((c) => c.replace(COLOUR_ALL, ''));
      expect(bars()).toHaveLength(1);
      clock = 1500;
      vi.advanceTimersByTime(1500);
      expect(bars()).toHaveLength(4);
      expect(bars().at(-1)).toContain('0/2 plugins · 0 checks · 0 failed · ETA … · 1.5 s elapsed');
      await reporter.onEnd(sampleReport([]));
      const after = bars().length;
      vi.advanceTimersByTime(5000);
      expect(bars()).toHaveLength(after);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses plain lines on a terminal in CI, and no colour with NO_COLOR', async () => {
    const ci = (await run(sampleReport(), { isTTY: true, env: { CI: 'true' } })).join('');
    expect(ci).not.toContain('\r');
    const noColor = (await run(sampleReport(), { isTTY: true, env: { NO_COLOR: '1' } })).join('');
    expect(noColor).not.toMatch(COLOUR);
    expect(consoleColorsEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(consoleColorsEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(consoleProgressEnabled({ CI: 'false' }, true)).toBe(true);
  });

  it('neutralises terminal escapes coming from a plugin', async () => {
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[1]!;
    const hostile = { ...plugin, checks: plugin.checks.map((c) => (c.id === 'case:3' ? { ...c, message: 'boom \u001b[2J\u001b[31mred' } : c)) };
    const out = (await run(sampleReport([{ ...suites[0]!, plugins: [hostile] }]))).join('');
    expect(out).toContain('boom \\x1b[2J\\x1b[31mred');
    expect(out).not.toContain('\u001b');
  });
});
