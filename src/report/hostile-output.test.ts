import { describe, expect, it } from 'vitest';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { createConsoleReporter } from './console-reporter.js';
import { renderGithubAnnotations } from './github-reporter.js';
import { renderHtmlReport } from './html-reporter.js';
import { renderJunitReport } from './junit-reporter.js';
import { renderMarkdownSummary } from './markdown-reporter.js';

// A hostile plugin returns megabytes, logs thousands of lines and prints
// without end; the human-facing reports stay bounded (the JSON report keeps
// whatever the runner recorded).
describe('reports of a plugin that floods its output', () => {
  const suites = sampleSuites();
  const plugin = suites[0]!.plugins[1]!;
  const huge = 'x'.repeat(5_000_000);
  const flood = {
    ...plugin,
    checks: plugin.checks.map((c) =>
      c.id === 'case:2'
        ? { ...c, message: huge, diff: { expected: 'small', actual: `${huge}\n`.repeat(2) }, logs: Array.from({ length: 10_000 }, (_, i) => ({ level: 'info', text: `line ${i} ${huge.slice(0, 1000)}` })), prints: [huge] }
        : c,
    ),
  };
  const report = sampleReport([{ ...suites[0]!, plugins: [flood] }]);

  it('keeps Markdown, HTML, JUnit, annotations and console output small', async () => {
    expect(renderMarkdownSummary(report).length).toBeLessThan(200_000);
    expect(renderHtmlReport(report).length).toBeLessThan(400_000);
    expect(renderJunitReport(report).length).toBeLessThan(400_000);
    expect(renderGithubAnnotations(report, { GITHUB_ACTIONS: 'true' }).length).toBeLessThan(100_000);
    const out: string[] = [];
    await createConsoleReporter({ outDir: '/nonexistent', env: {}, isTTY: false, write: (t) => out.push(t) }).onEnd(report);
    const text = out.join('');
    expect(text.length).toBeLessThan(200_000);
    expect(text).toContain('more characters)');
    expect(text).toContain('… 9980 more');
  });
});
