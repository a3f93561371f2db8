// Reporters, sharding and merge on real runs: the published suites against
// their fixture kegs, through `kegcheck run` and `kegcheck merge`.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli/cli-io.js';
import { main } from '../cli/main.js';
import type { RunReport } from '../model/result.js';
import { CHROMIUM, chromiumPresence } from '../build/_internals/toolchain-presence.js';
import { validateReport } from './validate-report.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT = join(REPO, 'reports/html-report.png');
const chrome = chromiumPresence();
// A fixed seed and few runs: the same checks must give the same verdicts in every shard.
const RUN = ['run', 'conformance', 'fixtures/suites/vowelcounter', 'fixtures/suites/packed', 'fixtures/suites/resources', '--seed', '5', '--runs', '10'];

let dir: string;

function io(env: NodeJS.ProcessEnv = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { CI: 'true', ...env }, cwd: REPO, isTTY: false };
}

async function report(folder: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(folder, 'kegcheck-report.json'), 'utf8')) as RunReport;
}

function verdicts(r: RunReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of r.suites) {
    for (const p of s.plugins) {
      out.set(`${s.suite.type}|${p.keg.source}|${p.plugin.name}`, p.verdict);
      for (const c of p.checks) out.set(`${s.suite.type}|${p.keg.source}|${p.plugin.name}|${c.id}`, c.status);
    }
  }
  return out;
}

let whole: RunReport;
let wholeExit: number;
let stepSummary: string;
let annotations: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-real-'));
  const summaryFile = join(dir, 'step-summary.md');
  const cli = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: REPO });
  wholeExit = await main([...RUN, '--out', join(dir, 'whole'), ...['console', 'json', 'junit', 'markdown', 'html', 'github'].flatMap((r) => ['--reporter', r])], cli);
  whole = await report(join(dir, 'whole'));
  stepSummary = await readFile(summaryFile, 'utf8');
  annotations = cli.out.join('');
}, 240_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('reports of a real run', () => {
  it('exits by the verdict and writes every file format', async () => {
    expect(wholeExit).toBe(whole.summary.verdict === 'pass' ? 0 : 1);
    expect((await readdir(join(dir, 'whole'))).sort()).toEqual(['junit.xml', 'kegcheck-report.html', 'kegcheck-report.json', 'kegcheck-summary.md']);
    expect(whole.suites.map((s) => s.suite.type).sort()).toEqual(['kegs.testing.greeter', 'kegs.testing.packed_echo', 'kegs.testing.vowelcounter']);
    expect(whole.summary.plugins).toBe(9);
  });

  it('json: valid against the report schema, with wasm hashes and coverage', () => {
    expect(validateReport(whole)).toEqual([]);
    const plugins = whole.suites.flatMap((s) => s.plugins);
    for (const p of plugins) expect(p.plugin.wasmSha256).toMatch(/^[0-9a-f]{64}$/);
    const greeter = plugins.find((p) => p.keg.name === 'greeter_as')!;
    expect(greeter.coverage.hostFunctionsCalled).toContain('keg_get_static_resource');
    expect(greeter.coverage.staticReads.length).toBeGreaterThan(0);
    expect(greeter.coverage.functions.every((f) => f.called)).toBe(true);
  });

  it('junit: one testsuite per keg × plugin, one testcase per check', async () => {
    const xml = await readFile(join(dir, 'whole', 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n) }).parse(xml) as {
      testsuites: { tests: string; testsuite: { name: string; testcase: unknown[]; properties: { property: { name: string; value: string }[] } }[] };
    };
    expect(Number(doc.testsuites.tests)).toBe(whole.summary.checks);
    expect(doc.testsuites.testsuite.map((s) => s.testcase.length)).toEqual(whole.suites.flatMap((s) => s.plugins.map((p) => p.checks.length)));
    const props = Object.fromEntries(doc.testsuites.testsuite[0]!.properties.property.map((p) => [p.name, p.value]));
    expect(props['seed']).toBe('5');
    expect(props['suite.file']).toMatch(/^conformance\/\w+\.suite\.toml$/);
  });

  it('markdown and GitHub step summary: a verdict row per keg', async () => {
    const md = await readFile(join(dir, 'whole', 'kegcheck-summary.md'), 'utf8');
    const kegs = new Set(whole.suites.flatMap((s) => s.plugins.map((p) => p.keg.name)));
    for (const keg of kegs) expect(md).toMatch(new RegExp(`^\\| ${keg} \\|`, 'm'));
    expect(stepSummary).toBe(`${md}\n`);
  });

  it('github: one annotation per failing check (up to 10), at a real suite line', () => {
    const failing = whole.suites.flatMap((s) => s.plugins.flatMap((p) => p.checks.filter((c) => ['fail', 'error', 'timeout', 'xpass'].includes(c.status))));
    const errors = annotations.split('\n').filter((l) => l.startsWith('::error file='));
    expect(errors).toHaveLength(Math.min(10, failing.length));
    for (const line of errors) {
      const file = /file=([^,]+)/.exec(line)![1]!.replace(/%3A/g, ':').replace(/%2C/g, ',');
      expect(existsSync(resolve(REPO, file)), file).toBe(true);
      expect(line).toMatch(/,line=\d+/);
    }
  });

  it.skipIf(!chrome.present)(`html: the kegs × functions matrix of the real run in Chromium${chrome.note}`, async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const file = pathToFileURL(join(dir, 'whole', 'kegcheck-report.html')).href;
      await page.goto(file);
      for (const suite of whole.suites) {
        const table = page.locator(`table.matrix[data-suite="${suite.suite.file}"]`);
        const names = await table.locator('tbody tr > th').allTextContents();
        expect(names.map((n) => n.split(' ')[0])).toEqual(suite.plugins.map((p) => `${p.keg.name}:${p.plugin.name}`));
        const header = await table.locator('thead tr:first-child th').allTextContents();
        for (const fn of suite.plugins[0]!.coverage.functions) expect(header).toContain(fn.name);
        const verdicts = await table.locator('tbody td.verdict').allInnerTexts();
        expect(verdicts.map((v) => v.split(/\s/)[0])).toEqual(suite.plugins.map((p) => p.verdict));
      }
      expect(await page.locator('details.failure').count()).toBe(Math.min(200, whole.summary.byStatus.fail + whole.summary.byStatus.error + whole.summary.byStatus.timeout + whole.summary.byStatus.xpass));
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(requests).toEqual([file]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('sharding', () => {
  it('3 shards merged give the unsharded verdicts', async () => {
    const shardDirs: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const out = join(dir, `shard-${i}`);
      shardDirs.push(out);
      await main([...RUN, '--shard', `${i}/3`, '--reporter', 'json', '--out', out], io());
    }
    const shards = await Promise.all(shardDirs.map(report));
    const sizes = shards.map((s) => s.summary.plugins);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(whole.summary.plugins);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const cli = io();
    const code = await main(['merge', ...shardDirs, '--out', join(dir, 'merged')], cli);
    expect(cli.err.join('')).toBe('');
    const merged = await report(join(dir, 'merged'));
    expect(validateReport(merged)).toEqual([]);
    expect(verdicts(merged)).toEqual(verdicts(whole));
    expect(merged.summary).toEqual(whole.summary);
    expect(code).toBe(wholeExit);
  }, 300_000);
});
