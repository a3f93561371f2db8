import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sampleReport } from './_internals/sample-report.js';
import { createConsoleReporter } from './console-reporter.js';
import { renderHtmlReport } from './html-reporter.js';
import { renderJsonReport } from './json-reporter.js';
import { renderJunitReport } from './junit-reporter.js';
import { renderMarkdownSummary } from './markdown-reporter.js';

// A run that matched no plugin (or a shard that got no work) is still a report.
describe('every reporter on an empty run', () => {
  const empty = sampleReport([]);

  it('renders a passing, empty report in each format', async () => {
    expect(JSON.parse(renderJsonReport(empty)).summary).toEqual({ plugins: 0, checks: 0, byStatus: { pass: 0, fail: 0, error: 0, timeout: 0, skip: 0, xfail: 0, xpass: 0 }, verdict: 'pass' });
    const xml = renderJunitReport(empty);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuites name="kegcheck" tests="0"');
    expect(renderMarkdownSummary(empty)).toContain('**0** keg × plugin, **0** checks: no checks');
    const html = renderHtmlReport(empty);
    expect(html).toContain('<p>No failing checks.</p>');
    expect(html).toContain('id="verdict">PASS<');
    const out: string[] = [];
    const reporter = createConsoleReporter({ outDir: '/nonexistent', env: {}, isTTY: true, write: (t) => out.push(t) });
    reporter.onStart?.({ totalPlugins: 0, seed: 1 });
    expect(await reporter.onEnd(empty)).toEqual([]);
    expect(out.join('')).toContain('Verdict');
    expect(out.join('')).not.toContain('\r');
  });
});
