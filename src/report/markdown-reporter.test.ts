import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { createReporters } from './create-reporters.js';
import { MARKDOWN_REPORT_FILE, renderMarkdownSummary } from './markdown-reporter.js';

function section(md: string, heading: string): string {
  const start = md.indexOf(`### ${heading}`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n### ', start + 4);
  return md.slice(start, next === -1 ? undefined : next);
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('|---'))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

describe('markdown reporter', () => {
  it('writes the summary file with the overall verdict', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'kegcheck-md-'));
    try {
      const [reporter] = await createReporters(['markdown'], { outDir, env: {}, isTTY: false, write: () => undefined });
      const [file] = await reporter!.onEnd(sampleReport());
      expect(file).toBe(join(outDir, MARKDOWN_REPORT_FILE));
      const md = await readFile(file!, 'utf8');
      expect(md.startsWith('## kegcheck: ❌ fail\n')).toBe(true);
      expect(md).toContain('**4** keg × plugin, **18** checks: 11 pass, 2 fail, 1 error, 1 timeout, 1 skip, 1 xfail, 1 xpass');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('gives a verdict per keg', () => {
    const rows = tableRows(section(renderMarkdownSummary(sampleReport()), 'Verdict per keg'));
    expect(rows[0]).toEqual(['Keg', 'Version', 'Plugins', 'Checks', 'Verdict']);
    expect(rows.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['good-keg', '✅ pass'],
      ['bad-keg', '❌ fail'],
      ['other-keg', '✅ pass'],
    ]);
    expect(rows[1]![2]).toBe('echo ✅, vowels ✅');
  });

  it('lists every check in a table whose rows all have the same shape, names escaped', () => {
    const rows = tableRows(section(renderMarkdownSummary(sampleReport()), 'Checks'));
    expect(rows).toHaveLength(1 + 18);
    for (const row of rows) expect(row).toHaveLength(6);
    const quoted = rows.find((r) => r[2]!.includes('case:2') && r[0] === 'bad-keg:echo-broken')!;
    expect(quoted[2]).toBe('counts vowels, in "quotes" &amp; &lt;tags&gt; `case:2`');
    expect(quoted[4]).toBe('❌ fail');
  });

  it('folds a long checks table into <details> and puts failures first', () => {
    expect(section(renderMarkdownSummary(sampleReport()), 'Checks')).not.toContain('<details>');
    const suites = sampleSuites();
    const many = sampleReport([{ ...suites[0]!, plugins: [...suites[0]!.plugins, ...suites[0]!.plugins.map((p) => ({ ...p, keg: { ...p.keg, source: `${p.keg.source}-2` } }))] }]);
    const md = renderMarkdownSummary(many);
    const checks = section(md, 'Checks');
    expect(checks).toMatch(/^### Checks\n\n<details><summary>All 30 checks<\/summary>\n\n\|/);
    expect(checks.trimEnd().endsWith('</details>')).toBe(true);
    expect(tableRows(checks)).toHaveLength(1 + 30);
    expect(md.indexOf('### First failures')).toBeLessThan(md.indexOf('### Checks'));
  });

  it('keeps a hostile name from breaking the table', () => {
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[0]!;
    const hostile = { ...plugin, checks: plugin.checks.map((c) => ({ ...c, name: 'a | b\n| c' })) };
    const rows = tableRows(section(renderMarkdownSummary(sampleReport([{ ...suites[0]!, plugins: [hostile] }])), 'Checks'));
    expect(rows).toHaveLength(1 + 3);
    for (const row of rows) expect(row).toHaveLength(6);
  });

  it('shows the first failures with a diff block and the replay command', () => {
    const md = renderMarkdownSummary(sampleReport(), false, { maxFailures: 2, maxCheckRows: 5 });
    const failures = section(md, 'First failures (2 of 5)');
    expect(failures.match(/^#### /gm)).toHaveLength(2);
    expect(failures).toContain('```diff\n--- expected\n+++ actual\n  {\n-   "count": 2\n+   "count": 3\n  }\n```');
    expect(failures).toContain('--check property:roundtrip:echo --seed -1234567 --replay-path 6:2:0 --runs 1');
    expect(md).toContain('_13 more checks are in the JSON report._');
  });

  it('lists the notes of checks that did not fail (a lenient decode that was needed); none, no section', () => {
    expect(renderMarkdownSummary(sampleReport())).not.toContain('### Notes');
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[0]!;
    const note = `lenient decode needed: 'echo' returned 3 trailing bytes at offset 8 after field #0 "a"`;
    const noted = { ...plugin, checks: plugin.checks.map((c) => (c.id === 'case:1' ? { ...c, notes: [note] } : c)) };
    const notes = section(renderMarkdownSummary(sampleReport([{ ...suites[0]!, plugins: [noted] }])), 'Notes');
    expect(notes).toContain(`› echoes hello (\`case:1\`): lenient decode needed: 'echo' returned 3 trailing bytes at offset 8 after field #0 "a"`);
  });

  it('reports coverage per function, host functions and static reads', () => {
    const md = renderMarkdownSummary(sampleReport());
    const rows = tableRows(section(md, 'Coverage'));
    expect(rows).toContainEqual(['bad-keg:echo-broken', '`echo`', '3', '7', '✅']);
    expect(rows).toContainEqual(['good-keg:echo', '`count`', '0', '0', '⚠️ never']);
    expect(rows).toContainEqual(['bad-keg:echo-broken', 'keg_get_static_resource, keg_log (keg_get_static_resource, keg_log)', 'vowels.txt, ../secret']);
    expect(md).toContain('⚠️ **Coverage warnings**');
    const strict = renderMarkdownSummary(sampleReport(), true);
    expect(strict).toContain('❌ **Coverage errors**');
    expect(tableRows(section(strict, 'Coverage'))).toContainEqual(['good-keg:echo', '`count`', '0', '0', '❌ never']);
  });
});
