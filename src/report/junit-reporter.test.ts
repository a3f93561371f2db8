import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport, sampleSuites } from './_internals/sample-report.js';
import { createReporters } from './create-reporters.js';
import { JUNIT_REPORT_FILE, renderJunitReport } from './junit-reporter.js';

interface Attrs { [key: string]: string | undefined }
type Testcase = Attrs & { failure?: string | (Attrs & { '#text'?: string }); error?: Attrs & { '#text'?: string }; skipped?: Attrs | string; 'system-out'?: string };
type Testsuite = Attrs & { properties: { property: Attrs[] }; testcase: Testcase[] };
interface Parsed { testsuites: Attrs & { testsuite: Testsuite[] } }

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml) as Parsed;
}

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kegcheck-junit-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('junit reporter', () => {
  it('writes testsuites > testsuite per keg × plugin > testcase per check', async () => {
    const [reporter] = await createReporters(['junit'], { outDir, env: {}, isTTY: false, write: () => undefined });
    const [file] = await reporter!.onEnd(sampleReport());
    expect(file).toBe(join(outDir, JUNIT_REPORT_FILE));
    const doc = parse(await readFile(file!, 'utf8'));
    const root = doc.testsuites;
    expect({ tests: root['tests'], failures: root['failures'], errors: root['errors'], skipped: root['skipped'] }).toEqual({ tests: '18', failures: '3', errors: '2', skipped: '2' });
    expect(root['time']).toBe('2.500');
    expect(root.testsuite.map((s) => s['name'])).toEqual([
      'good-keg:echo (kegs.testing.echo@1.0.0)',
      'bad-keg:echo-broken (kegs.testing.echo@1.0.0)',
      'other-keg:echo (kegs.testing.echo@1.0.0)',
      'good-keg:vowels (kegs.testing.vowels@2.1.0)',
    ]);
    expect(root.testsuite.map((s) => s.testcase.length)).toEqual([3, 9, 3, 3]);
  });

  it('carries seed, suite version and coverage as properties', () => {
    const doc = parse(renderJunitReport(sampleReport()));
    const props = Object.fromEntries(doc.testsuites.testsuite[3]!.properties.property.map((p) => [p['name'], p['value']]));
    expect(props['seed']).toBe('1234');
    expect(props['suite.version']).toBe('2.1.0');
    expect(props['wasm.sha256']).toBe('a'.repeat(64));
    expect(props['coverage.never-called']).toBe('count,shout');
  });

  it('maps every status to failure, error or skipped with message and body', () => {
    const doc = parse(renderJunitReport(sampleReport()));
    const cases = doc.testsuites.testsuite[1]!.testcase;
    const byId = (id: string): Testcase => cases.find((c) => c['name']!.endsWith(`[${id}]`))!;
    expect(byId('case:1').failure).toBeUndefined();
    const fail = byId('case:2').failure as Attrs & { '#text': string };
    expect(fail['type']).toBe('fail');
    expect(fail['message']).toBe('output differs from the expected value');
    expect(fail['#text']).toContain('-   "count": 2\n+   "count": 3');
    expect(byId('case:2')['file']).toBe('conformance/echo.suite.toml');
    expect(byId('case:2')['line']).toBe('17');
    expect(byId('case:2')['system-out']).toBe('counting...\n[info] count called\n[error] bad, very bad: 100%');
    const prop = byId('property:roundtrip:echo').failure as Attrs & { '#text': string };
    expect(prop['#text']).toContain('input   03 00 00 00 00 00 00 00 | 68 c3 a9');
    expect(prop['#text']).toContain('--seed -1234567 --replay-path 6:2:0 --runs 1');
    expect(byId('case:3').error?.['type']).toBe('error');
    expect(byId('case:3').error?.['message']).toBe('plugin trapped: unreachable\r\nat echo');
    expect(byId('case:4').error?.['type']).toBe('timeout');
    expect((byId('case:5').skipped as Attrs)['message']).toBe('skipped: requires config');
    expect((byId('case:6').skipped as Attrs)['message']).toBe('expected failure: known bug #12');
    expect((byId('case:7').failure as Attrs)['type']).toBe('xpass');
    expect(byId('case:2')['name']).toBe('counts vowels, in "quotes" & <tags> [case:2]');
  });

  it('stays well-formed XML when a plugin emits control characters', () => {
    const suites = sampleSuites();
    const plugin = suites[0]!.plugins[1]!;
    const hostile = { ...plugin, checks: plugin.checks.map((c) => (c.id === 'case:3' ? { ...c, message: 'nul\u0000 bell\u0007 ]]> </failure>', prints: ['\u001b[31m'] } : c)) };
    const doc = parse(renderJunitReport(sampleReport([{ ...suites[0]!, plugins: [hostile] }])));
    const error = doc.testsuites.testsuite[0]!.testcase.find((c) => c['name']!.endsWith('[case:3]'))!;
    expect(error.error?.['message']).toBe('nul\\x00 bell\\x07 ]]> </failure>');
    expect(error['system-out']).toBe('\\x1b[31m');
  });
});
