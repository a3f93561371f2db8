import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../model/result.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { streamReport } from './_internals/stream-report.js';
import { createConsoleReporter } from './console-reporter.js';
import { createJsonReporter, JSON_REPORT_FILE, renderJsonReport } from './json-reporter.js';
import { createJunitReporter, JUNIT_REPORT_FILE, renderJunitReport } from './junit-reporter.js';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kegcheck-stream-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const context = (write: (text: string) => void = () => undefined, extra: Partial<ReporterContext> = {}): ReporterContext => ({ outDir, env: {}, isTTY: false, write, ...extra });

// Reports shaped every way the streamed files must get right: several suites,
// a suite with no plugin (an empty shard), no suite at all, a shard, claims.
function shapes(): [string, RunReport][] {
  const [a, b] = sampleSuites();
  return [
    ['the sample report', sampleReport(undefined, { hostname: 'ci-1', shard: { index: 2, count: 3 } })],
    ['a suite with no plugin between two', sampleReport([a!, { suite: { ...b!.suite, file: 'conformance/empty.suite.toml' }, plugins: [] }, b!])],
    ['an empty last suite', sampleReport([a!, { suite: b!.suite, plugins: [] }])],
    ['no suite', sampleReport([])],
    ['claims', { ...sampleReport([b!]), claims: [{ keg: 'k', kegSource: 'kegs/k', plugin: 'p', type: 't', range: '^1' }] }],
  ];
}

describe('streamed reports are byte-identical to rendering the whole report', () => {
  for (const [label, report] of shapes()) {
    it(`json: ${label}`, async () => {
      const files = await streamReport(createJsonReporter(context()), report);
      expect(files).toEqual([join(outDir, JSON_REPORT_FILE)]);
      expect(await readFile(files[0]!, 'utf8')).toBe(renderJsonReport(report));
      expect(await readdir(outDir)).toEqual([JSON_REPORT_FILE]);
    });

    it(`junit: ${label}`, async () => {
      const files = await streamReport(createJunitReporter(context()), report);
      expect(await readFile(files[0]!, 'utf8')).toBe(renderJunitReport(report));
      expect(await readdir(outDir)).toEqual([JUNIT_REPORT_FILE]);
    });

    it(`console: ${label}`, async () => {
      const streamed: string[] = [];
      const whole: string[] = [];
      await streamReport(createConsoleReporter(context((t) => streamed.push(t), { requireCoverage: true }), { now: () => 0 }), report);
      await streamReport(createConsoleReporter(context((t) => whole.push(t), { requireCoverage: true }), { now: () => 0 }), report, true);
      expect(streamed.join('')).toBe(whole.join(''));
      const b = report.summary.byStatus;
      const failing = b.fail + b.error + b.timeout + b.xpass;
      if (failing > 0) expect(streamed.join('')).toContain(`Failed checks: ${failing}`);
      else expect(streamed.join('')).not.toContain('Failed checks');
    });
  }
});

describe('streaming reporters leave nothing behind', () => {
  const abandon = async (reporter: Reporter): Promise<void> => {
    const report = sampleReport();
    reporter.onStart?.({ totalPlugins: 3, seed: 1, startedAt: report.meta.startedAt });
    for (const suite of report.suites) {
      reporter.onSuiteStart?.(suite.suite);
      for (const plugin of suite.plugins) reporter.onPluginResult?.(suite.suite, plugin);
    }
    await reporter.onAbandon?.();
  };

  it('json and junit write no file and keep no spool when the run is abandoned', async () => {
    // Spools are unlinked while open (Linux): the open descriptors show whether they were released.
    const openFds = async (): Promise<number> => (existsSync('/proc/self/fd') ? (await readdir('/proc/self/fd')).length : 0);
    const before = await openFds();
    await abandon(createJsonReporter(context()));
    await abandon(createJunitReporter(context()));
    expect(await readdir(outDir)).toEqual([]);
    expect(await openFds()).toBe(before);
  });

  it('a report whose results do not add up to its summary is an internal error, not a wrong file', async () => {
    const report = sampleReport();
    const reporter = createJsonReporter(context());
    reporter.onSuiteStart?.(report.suites[0]!.suite);
    reporter.onPluginResult?.(report.suites[0]!.suite, report.suites[0]!.plugins[0]!);
    await expect(reporter.onEnd(report)).rejects.toThrow(/internal error/);
    expect(await readdir(outDir)).toEqual([]);
  });
});
