// Benchmark checks in every reporter: the console and Markdown tables, a JUnit
// testcase with the figures, the JSON fields (valid against the report
// schema), a GitHub annotation on failure, and the HTML chart (inline SVG).
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumPresence } from '../build/_internals/toolchain-presence.js';
import type { CheckResult, PluginResult, SuiteResult } from '../model/result.js';
import { summarize } from '../model/result.js';
import { sampleReport } from './_internals/sample-report.js';
import { createConsoleReporter } from './console-reporter.js';
import { renderGithubAnnotations } from './github-reporter.js';
import { renderHtmlReport } from './html-reporter.js';
import { renderJsonReport } from './json-reporter.js';
import { renderJunitReport } from './junit-reporter.js';
import { renderMarkdownSummary } from './markdown-reporter.js';
import { validateReport } from './validate-report.js';

const FILE = 'fixtures/benchmarks/vowelcounter.suite.toml';
const chrome = chromiumPresence();

function bench(id: string, status: CheckResult['status'], ratio: number | undefined, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id: `benchmark:${id}`,
    kind: 'benchmark',
    name: id,
    function: 'count_vowels',
    status,
    durationMs: 420,
    location: { file: FILE, line: 28, column: 1 },
    ...(ratio === undefined
      ? {}
      : {
          benchmark: {
            ratio,
            p50Us: 40 * ratio,
            p95Us: 60 * ratio,
            referenceP50Us: 40,
            referenceP95Us: 60,
            reference: 'vowels_wat:count_vowels',
            rounds: 7,
            iterations: 30,
            warmup: 5,
            inputs: 1,
            budget: { maxRatio: 2 },
          },
        }),
    ...extra,
  };
}

function plugin(keg: string, checks: CheckResult[]): PluginResult {
  return {
    keg: { name: keg, version: '1.0.0', source: `fixtures/suites/vowelcounter/${keg}` },
    plugin: { name: 'count_vowels', type: 'kegs.testing.vowelcounter', wasmSha256: 'ab'.repeat(32) },
    checks,
    coverage: { functions: [{ name: 'count_vowels', cases: 0, propertyRuns: 0, called: true }], hostFunctionsImported: [], hostFunctionsCalled: [], staticReads: [] },
    verdict: checks.some((c) => c.status === 'fail') ? 'fail' : 'pass',
  };
}

const suites: SuiteResult[] = [
  {
    suite: { file: FILE, type: 'kegs.testing.vowelcounter', version: '1.0.0' },
    plugins: [
      plugin('vowels_wat', [bench('twice', 'pass', 1.02)]),
      plugin('vowels_slow_wat', [
        bench('twice', 'fail', 41.5, { message: 'median ratio 41.5x the reference is above max_ratio 2x' }),
        bench('skipped', 'skip', undefined, { message: 'skipped: --coverage runs the plugins instrumented' }),
      ]),
    ],
  },
];
const report = { ...sampleReport(suites), summary: summarize(suites) };

describe('benchmark checks in reports', () => {
  it('console: a Benchmarks table with ratio, budget and per-call times', async () => {
    let text = '';
    await createConsoleReporter({ outDir: '', env: { NO_COLOR: '1' }, isTTY: false, write: (t) => void (text += t) }).onEnd(report);
    const table = text.slice(text.indexOf('Benchmarks'));
    expect(table).toMatch(/plugin\s+benchmark\s+status\s+ratio\s+max ratio\s+p50 µs\s+p95 µs\s+ref p50 µs/);
    expect(table).toMatch(/vowels_slow_wat:count_vowels\s+twice\s+fail\s+41.5x\s+2x\s+1,660\s+2,490\s+40\s+60\s+7 × 30/);
    expect(table).toMatch(/vowels_slow_wat:count_vowels\s+skipped\s+skip\s+–/);
    expect(text).toContain('ratio 41.5x (max 2x)');
  });

  it('markdown: a Benchmarks table', () => {
    const md = renderMarkdownSummary(report);
    expect(md).toContain('### Benchmarks');
    expect(md).toContain('| vowels_wat:count_vowels | twice | ✅ pass | 1.02x | 2x | 40.8 | 61.2 | 40 | 60 | 7 × 30 | – |');
  });

  it('junit: a testcase per benchmark, figures in system-out, the failure as <failure>', () => {
    const xml = renderJunitReport(report);
    expect(xml).toMatch(/<testcase name="twice \[benchmark:twice\]" classname="vowels_slow_wat.count_vowels"[^>]*>\s*<failure message="median ratio 41.5x/);
    expect(xml).toContain('[benchmark] ratio 41.5x (max 2x) · p50 1,660 µs');
  });

  it('json: the figures, valid against the report schema', () => {
    const json = JSON.parse(renderJsonReport(report)) as typeof report;
    expect(validateReport(json)).toEqual([]);
    expect(json.suites[0]?.plugins[1]?.checks[0]?.benchmark).toMatchObject({ ratio: 41.5, rounds: 7, budget: { maxRatio: 2 } });
    expect(validateReport({ ...json, suites: [{ ...json.suites[0], plugins: [{ ...json.suites[0]?.plugins[0], checks: [{ ...bench('x', 'pass', 1), benchmark: { p50Us: 1 } }] }] }] }).length).toBeGreaterThan(0);
  });

  it('github: a failing benchmark is annotated at its suite line with its figures', () => {
    const out = renderGithubAnnotations(report, {});
    expect(out).toContain(`::error file=${FILE},line=28,col=1,title=kegcheck fail%3A vowels_slow_wat%3Acount_vowels benchmark%3Atwice::`);
    expect(out).toContain('benchmark: ratio 41.5x (max 2x)');
    expect(out.match(/::error/g)).toHaveLength(1);
  });

  it('html: an inline SVG chart and a table, no external assets', () => {
    const html = renderHtmlReport(report);
    expect(html).toContain('<h2 id="benchmarks-heading">Benchmarks</h2>');
    expect(html).toMatch(/<svg class="benchmark-chart"[^>]*>/);
    expect(html.match(/<rect class="benchmark-bar"/g)).toHaveLength(2);
    expect(html.match(/<line class="benchmark-limit"/g)).toHaveLength(2);
    expect(html).not.toMatch(/\s(src|href)=/);
  });

  it('a report without benchmarks has no Benchmarks section anywhere', async () => {
    const plain = sampleReport();
    let text = '';
    await createConsoleReporter({ outDir: '', env: { NO_COLOR: '1' }, isTTY: false, write: (t) => void (text += t) }).onEnd(plain);
    expect(text).not.toContain('Benchmarks');
    expect(renderMarkdownSummary(plain)).not.toContain('Benchmarks');
    expect(renderHtmlReport(plain)).not.toContain('benchmark');
  });

  it.skipIf(!chrome.present)(`html: the chart draws a longer bar for a larger ratio, in a real browser${chrome.note}`, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(renderHtmlReport(report));
      const widths = await page.locator('rect.benchmark-bar').evaluateAll((rects: Array<{ getBoundingClientRect(): { width: number }; getAttribute(n: string): string | null }>) =>
        rects.map((r) => ({ ratio: Number(r.getAttribute('data-ratio')), width: r.getBoundingClientRect().width })),
      );
      expect(widths.map((w) => w.ratio)).toEqual([1.02, 41.5]);
      expect(widths[1]!.width).toBeGreaterThan(widths[0]!.width * 10);
      expect(await page.locator('table.benchmark-table tbody tr').count()).toBe(3);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
