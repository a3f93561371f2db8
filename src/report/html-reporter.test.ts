import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumPresence } from '../build/_internals/toolchain-presence.js';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { createReporters } from './create-reporters.js';
import { HTML_REPORT_FILE, renderHtmlReport } from './html-reporter.js';

const chrome = chromiumPresence();

// The project compiles without the DOM lib; these are the few DOM members the
// in-page callbacks use.
interface DomNode {
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { contains(name: string): boolean };
  readonly parentElement: DomNode | null;
  open?: boolean;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getBoundingClientRect(): { width: number };
}
interface DomWindow {
  getComputedStyle(node: DomNode): { backgroundColor: string };
  pwned?: number;
}
const SCREENSHOT = resolve(import.meta.dirname, '../../reports/html-report-sample.png');

let browser: Browser;
let outDir: string;
let reportFile: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kegcheck-html-'));
  const [reporter] = await createReporters(['html'], { outDir, env: {}, isTTY: false, write: () => undefined });
  [reportFile] = (await reporter!.onEnd(sampleReport())) as [string];
  // Without Chromium the browser tests skip, saying so (KEGCHECK_REQUIRE_TOOLCHAINS=1 makes that an error).
  if (!chrome.present) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe('html reporter', () => {
  it('is one file with no external references', async () => {
    expect(reportFile).toBe(join(outDir, HTML_REPORT_FILE));
    const html = await readFile(reportFile, 'utf8');
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it.skipIf(!chrome.present)(`shows the kegs × functions matrix, coverage bars and failures in a real browser${chrome.note}`, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(reportFile).href);

    expect(await page.locator('#verdict').textContent()).toBe('FAIL');
    const echo = page.locator('table.matrix[data-suite="conformance/echo.suite.toml"]');
    expect(await echo.locator('thead tr:first-child th').allTextContents()).toEqual(['keg:plugin', '(interface)', 'echo', 'count', 'shout', 'verdict']);
    const rows = await echo.locator('tbody tr').evaluateAll((trs: DomNode[]) =>
      trs.map((tr) => ({
        row: `${tr.dataset['keg']}:${tr.dataset['plugin']}`,
        cells: Array.from(tr.querySelectorAll('td.cell')).map((td) => `${td.dataset['function']}=${td.dataset['verdict']}`),
        verdict: tr.querySelector('td.verdict')!.classList.contains('fail') ? 'fail' : 'pass',
      })),
    );
    expect(rows).toEqual([
      { row: 'good-keg:echo', cells: ['(interface)=pass', 'echo=pass', 'count=untested', 'shout=untested'], verdict: 'pass' },
      { row: 'bad-keg:echo-broken', cells: ['(interface)=pass', 'echo=fail', 'count=fail', 'shout=fail'], verdict: 'fail' },
      { row: 'other-keg:echo', cells: ['(interface)=pass', 'echo=pass', 'count=untested', 'shout=untested'], verdict: 'pass' },
    ]);
    // Colour by verdict: pass and fail cells are painted differently.
    const colours = await echo.locator('tbody tr').nth(1).locator('td.cell').evaluateAll((tds: DomNode[]) => tds.map((td) => (globalThis as unknown as DomWindow).getComputedStyle(td).backgroundColor));
    expect(colours[0]).not.toBe(colours[1]);
    // Coverage bars: `count` was called by 1 of 3 plugins.
    const countBar = echo.locator('tr.coverage th[data-function="count"]');
    expect(await countBar.textContent()).toContain('1/3 plugins · 1 cases · 0 runs');
    expect(await countBar.locator('.bar').getAttribute('data-percent')).toBe('33');
    const width = await countBar.locator('.bar > span').evaluate((span: DomNode) => span.getBoundingClientRect().width / span.parentElement!.getBoundingClientRect().width);
    expect(width).toBeCloseTo(0.33, 1);

    // Failures are collapsed; clicking the failing matrix cell opens them.
    const failures = page.locator('details.failure');
    expect(await failures.count()).toBe(5);
    const countFailure = page.locator('details.failure[data-check="case:2"]');
    expect(await countFailure.evaluate((d: DomNode) => d.open)).toBe(false);
    await echo.locator('tbody tr').nth(1).locator('td[data-function="count"]').click();
    expect(await countFailure.evaluate((d: DomNode) => d.open)).toBe(true);
    expect(await countFailure.locator('pre.diff .del').allTextContents()).toEqual(['-   "count": 2']);
    expect(await countFailure.locator('pre.diff .ins').allTextContents()).toEqual(['+   "count": 3']);
    expect(await countFailure.locator('summary').textContent()).toContain('counts vowels, in "quotes" & <tags>');

    await page.locator('#expand-all').click();
    const property = page.locator('details.failure[data-check="property:roundtrip:echo"]');
    expect(await property.locator('pre.replay').textContent()).toContain('--seed -1234567 --replay-path 6:2:0 --runs 1');
    expect(await property.textContent()).toContain('input   03 00 00 00 00 00 00 00 | 68 c3 a9');

    await mkdir(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(reportFile).href]);
    await page.close();
  }, 120_000);

  it.skipIf(!chrome.present)(`renders markup from a hostile keg as text${chrome.note}`, async () => {
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[1]!;
    const hostile = { ...plugin, keg: { ...plugin.keg, name: '<img src=x onerror="window.pwned=1">' }, checks: plugin.checks.map((c) => ({ ...c, message: '<script>window.pwned=2</script>' })) };
    const page = await browser.newPage();
    await page.setContent(renderHtmlReport(sampleReport([{ ...suites[0]!, plugins: [hostile] }])));
    expect(await page.evaluate(() => (globalThis as unknown as DomWindow).pwned)).toBeUndefined();
    expect(await page.locator('table.matrix tbody th').first().textContent()).toContain('<img src=x onerror="window.pwned=1">:echo-broken');
    expect(await page.locator('img').count()).toBe(0);
    await page.close();
  });
});
