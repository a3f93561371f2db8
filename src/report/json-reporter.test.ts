import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import { sampleReport } from './_internals/sample-report.js';
import { createReporters, REPORTER_NAMES } from './create-reporters.js';
import { JSON_REPORT_FILE, REPORT_SCHEMA_ID, renderJsonReport } from './json-reporter.js';
import type { RunReport } from '../model/result.js';
import type { ReporterContext } from '../model/reporter.js';
import { REPORT_SCHEMA, validateReport } from './validate-report.js';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kegcheck-json-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function context(): ReporterContext {
  return { outDir, env: {}, isTTY: false, write: () => undefined };
}

describe('json reporter', () => {
  it('writes the complete report, valid against the shipped schema', async () => {
    const report = sampleReport(undefined, { shard: { index: 2, count: 3 }, hostname: 'ci-1' });
    const [reporter] = await createReporters(['json'], context());
    const files = await reporter!.onEnd(report);
    expect(files).toEqual([join(outDir, JSON_REPORT_FILE)]);
    const parsed = JSON.parse(await readFile(files[0]!, 'utf8')) as Record<string, unknown>;
    expect(validateReport(parsed)).toEqual([]);
    expect(parsed['$schema']).toBe(REPORT_SCHEMA_ID);
    expect((REPORT_SCHEMA as { $id: string }).$id).toBe(REPORT_SCHEMA_ID);
    delete parsed['$schema'];
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    // No temporary file is left beside the report.
    expect(await readdir(outDir)).toEqual([JSON_REPORT_FILE]);
  });

  it('refuses to write a report its own schema rejects (a kegcheck bug, not a user error)', () => {
    const report = sampleReport();
    const bad = { ...report, meta: { ...report.meta, extra: 1 } } as unknown as RunReport;
    expect(() => renderJsonReport(bad)).toThrow(/does not match src\/schemas\/report.schema.json: \/meta must NOT have additional properties \('extra'\)/);
  });

  it('the schema rejects what the result model forbids', () => {
    const report = JSON.parse(JSON.stringify(sampleReport())) as { suites: { plugins: { checks: { status: string }[] }[] }[]; meta: Record<string, unknown> };
    report.suites[0]!.plugins[0]!.checks[0]!.status = 'passed';
    delete report.meta['seed'];
    const errors = validateReport(report);
    expect(errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/suites/0/plugins/0/checks/0/status', '/meta']));
  });
});

describe('createReporters', () => {
  it('builds reporters by name, once each, in order', async () => {
    const reporters = await createReporters(['json', 'json'], context());
    expect(reporters.map((r) => r.name)).toEqual(['json']);
  });

  it('rejects an unknown name and lists the valid ones', async () => {
    try {
      await createReporters(['json', 'xml'], context());
      expect.unreachable('createReporters accepted an unknown reporter');
    } catch (error) {
      expect(isKegcheckError(error) && error.code).toBe('unknown-reporter');
      for (const name of REPORTER_NAMES) expect((error as Error).message).toContain(name);
      expect((error as Error).message).toContain("'xml'");
    }
  });

  it('does not treat Object.prototype keys as reporters', async () => {
    await expect(createReporters(['constructor'], context())).rejects.toThrow(/unknown reporter/);
  });
});
