import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import { loadSuite } from '../suite/load-suite.js';
import { summarize, type RunReport } from '../model/result.js';
import { runSuite } from '../suite/run-suite.js';
import { contractRows, contractSummaries } from './contract-coverage-rows.js';
import { renderHtmlReport } from './html-reporter.js';
import { renderMarkdownSummary } from './markdown-reporter.js';
import { validateReport } from './validate-report.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const supervisor = new Supervisor({ workers: 1 });
afterAll(() => supervisor.close());

it('contract coverage of a real calc run reaches the JSON report, markdown, HTML and console lines', async () => {
  const loaded = await loadSuite(join(REPO, 'conformance/calc.suite.toml'));
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  const keg = await loadKeg(join(REPO, 'fixtures/suites/calc/calc_rust'));
  // Golden cases only (no property runs): the branches they miss show as never exercised.
  const suites = [await runSuite(loaded.suite, [keg], { supervisor, seed: 9, checks: ['add', 'neg twice'] })];
  await keg.dispose();
  const report: RunReport = {
    schemaVersion: 1,
    meta: { kegcheckVersion: '0', nodeVersion: process.version, extismVersion: '1.0.3', seed: 9, startedAt: new Date(0).toISOString(), finishedAt: new Date(0).toISOString() },
    suites,
    summary: summarize(suites),
  };
  expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual([]);
  const rows = contractRows(report);
  expect(rows.filter((r) => r.exercised).map((r) => r.branch.label).sort()).toEqual(['"twice" absent', '"twice" present', 'enum "add"', 'oneOf[0]', 'oneOf[1] (op = "neg")']);
  const [summary] = contractSummaries(report.suites[0]!.plugins[0]!);
  expect(summary).toBe(
    'calc: 5/9 schema branches exercised (5 by golden cases); never: "twice" present at /oneOf/0/properties/twice, enum "sub" at /oneOf/0/properties/op/enum/1, ' +
      'enum "mul" at /oneOf/0/properties/op/enum/2, "twice" absent at /oneOf/1/properties/twice',
  );
  const markdown = renderMarkdownSummary(report);
  expect(markdown).toContain('| Keg:plugin | Function | Schema branch | Golden cases | Property runs |');
  expect(markdown).toMatch(/enum "mul" `\/oneOf\/0\/properties\/op\/enum\/2` \| 0 \| 0 ⚠️ never \|/);
  const html = renderHtmlReport(report);
  expect(html).toContain('<table class="contract-table">');
  expect(html).toMatch(/<tr class="never">[^\n]*enum &quot;sub&quot;/);
});
