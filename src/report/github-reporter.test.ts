import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { createReporters } from './create-reporters.js';
import { escapeCommandData, escapeCommandProperty, renderGithubAnnotations } from './github-reporter.js';

interface Annotation {
  kind: string;
  props: Record<string, string>;
  message: string;
}

// Reads workflow commands back the way the Actions runner does.
function parseAnnotations(text: string): Annotation[] {
  const unescape = (s: string): string => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
      expect(match, line).not.toBeNull();
      const props = Object.fromEntries((match![2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
      return { kind: match![1]!, props, message: unescape(match![3]!) };
    });
}

describe('github reporter', () => {
  it('escapes workflow command data and properties', () => {
    expect(escapeCommandData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeCommandProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A');
  });

  it('annotates each failing check at its suite file and line', () => {
    const annotations = parseAnnotations(renderGithubAnnotations(sampleReport(), { GITHUB_ACTIONS: 'true' }));
    const errors = annotations.filter((a) => a.kind === 'error');
    expect(errors.map((a) => [a.props['file'], a.props['line'], a.props['col']])).toEqual([
      ['conformance/echo.suite.toml', '17', '1'],
      ['conformance/echo.suite.toml', '24', '1'],
      ['conformance/echo.suite.toml', '30', '1'],
      ['conformance/echo.suite.toml', '35', '1'],
      ['conformance/echo.suite.toml', '48', '3'],
    ]);
    expect(errors[0]!.props['title']).toBe('kegcheck fail: bad-keg:echo-broken case:2');
    expect(errors[0]!.message).toContain('bad-keg:echo-broken › counts vowels, in "quotes" & <tags> [case:2]: output differs from the expected value\n- expected');
    // A bare CR from a plugin is shown, not obeyed.
    expect(errors[2]!.message).toContain('plugin trapped: unreachable\\x0d\nat echo');
    const warnings = annotations.filter((a) => a.kind === 'warning');
    expect(warnings).toHaveLength(6);
    expect(warnings[0]!.message).toBe("declared function 'count' was never called by any check");
  });

  it('makes absolute suite paths relative to GITHUB_WORKSPACE and caps annotations at 10', () => {
    const suites = sampleSuites();
    const bad = suites[0]!.plugins[1]!;
    const many = Array.from({ length: 4 }, (_, i) => ({ ...bad, plugin: { ...bad.plugin, name: `p${i}` }, checks: bad.checks.map((c) => ({ ...c, location: { file: '/ws/conformance/echo.suite.toml', line: 5 } })) }));
    const text = renderGithubAnnotations(sampleReport([{ ...suites[0]!, plugins: many }]), { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/ws' }, true);
    const errors = parseAnnotations(text).filter((a) => a.kind === 'error');
    expect(errors.slice(0, 10).every((a) => a.props['file'] === 'conformance/echo.suite.toml')).toBe(true);
    expect(errors[10]!.message).toBe('10 more failing checks: see the step summary and the uploaded reports');
    expect(errors).toHaveLength(11);
  });

  it('turns never-called functions into error annotations under --require-coverage', () => {
    const annotations = parseAnnotations(renderGithubAnnotations(sampleReport(), { GITHUB_ACTIONS: 'true' }, true));
    expect(annotations.filter((a) => a.kind === 'warning')).toHaveLength(0);
    const coverage = annotations.filter((a) => a.kind === 'error' && a.message.includes('never called'));
    expect(coverage.map((a) => a.props['title'])).toEqual([
      'kegcheck coverage: good-keg:echo', 'kegcheck coverage: good-keg:echo',
      'kegcheck coverage: other-keg:echo', 'kegcheck coverage: other-keg:echo',
      'kegcheck coverage: good-keg:vowels', 'kegcheck coverage: good-keg:vowels',
    ]);
  });

  it('writes nothing outside GitHub Actions and appends the summary to GITHUB_STEP_SUMMARY', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kegcheck-gh-'));
    try {
      const written: string[] = [];
      const [quiet] = await createReporters(['github'], { outDir: dir, env: {}, isTTY: false, write: (t) => written.push(t) });
      expect(await quiet!.onEnd(sampleReport())).toEqual([]);
      expect(written.join('')).toBe('');

      const summary = join(dir, 'step-summary.md');
      await writeFile(summary, 'earlier step\n');
      const [reporter] = await createReporters(['github'], { outDir: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, isTTY: false, write: (t) => written.push(t) });
      expect(await reporter!.onEnd(sampleReport())).toEqual([summary]);
      const text = await readFile(summary, 'utf8');
      expect(text.startsWith('earlier step\n## kegcheck: ❌ fail')).toBe(true);
      expect(text).toContain('### Checks');
      expect(parseAnnotations(written.join('')).filter((a) => a.kind === 'error')).toHaveLength(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
