// Test data only: hand-built run reports covering every status and every
// optional field, so reporters are exercised before (and beside) real runs.
import type { CheckResult, PluginResult, RunReport, SuiteResult } from '../../model/result.js';
import { summarize, isFailing } from '../../model/result.js';

const SHA_A = 'a'.repeat(64);
const SHA_B = '0123456789abcdef'.repeat(4);

function echoChecks(file: string): CheckResult[] {
  return [
    { id: 'interface:exports', kind: 'interface', name: 'exports every declared function', status: 'pass', durationMs: 1.5, location: { file, line: 3, column: 1 } },
    { id: 'case:1', kind: 'case', name: 'echoes hello', function: 'echo', status: 'pass', durationMs: 0.4, location: { file, line: 10, column: 1 }, runs: 1 },
    {
      id: 'case:2',
      kind: 'case',
      name: 'counts vowels, in "quotes" & <tags>',
      function: 'count',
      status: 'fail',
      durationMs: 0.7,
      message: 'output differs from the expected value',
      diff: { expected: '{\n  "count": 2\n}', actual: '{\n  "count": 3\n}' },
      location: { file, line: 17, column: 1 },
      prints: ['counting...'],
      logs: [{ level: 'info', text: 'count called' }, { level: 'error', text: 'bad, very bad: 100%' }],
      staticReads: [
        { path: 'vowels.txt', outcome: 'ok', resolved: 'plugins/echo/static/vowels.txt' },
        { path: '../secret', outcome: 'refused', reason: 'escapes the static folder' },
      ],
    },
    {
      id: 'property:roundtrip:echo',
      kind: 'property',
      name: 'round-trip echo',
      function: 'echo',
      status: 'fail',
      durationMs: 12.25,
      message: 'property failed after 7 runs',
      seed: -1234567,
      replayPath: '6:2:0',
      runs: 7,
      counterexample: { values: { text: 'h\u00e9', n: '-1' }, hex: '03 00 00 00 00 00 00 00 | 68 c3 a9', shrinks: 4, outputHex: '02 00 00 00 00 00 00 00 | 68 c3' },
      diff: { expected: 'hé', actual: 'h' },
      location: { file, line: 24, column: 1 },
    },
    { id: 'case:3', kind: 'case', name: 'handles empty input', function: 'echo', status: 'error', durationMs: 0.2, message: 'plugin trapped: unreachable\r\nat echo', location: { file, line: 30, column: 1 } },
    { id: 'case:4', kind: 'case', name: 'long input, slow', function: 'echo', status: 'timeout', durationMs: 500, message: 'call exceeded 500 ms', location: { file, line: 35, column: 1 } },
    { id: 'case:5', kind: 'case', name: 'needs a config key', function: 'echo', status: 'skip', durationMs: 0, message: 'skipped: requires config' },
    { id: 'case:6', kind: 'case', name: 'unicode upper-casing', function: 'shout', status: 'xfail', durationMs: 0.3, expectedFailReason: 'known bug #12', message: 'output differs' },
    { id: 'case:7', kind: 'case', name: 'negative numbers', function: 'shout', status: 'xpass', durationMs: 0.3, expectedFailReason: 'known bug #13', location: { file, line: 48, column: 3 } },
  ];
}

function passingChecks(file: string): CheckResult[] {
  return [
    { id: 'interface:exports', kind: 'interface', name: 'exports every declared function', status: 'pass', durationMs: 1, location: { file, line: 3, column: 1 } },
    { id: 'case:1', kind: 'case', name: 'echoes hello', function: 'echo', status: 'pass', durationMs: 0.5, location: { file, line: 10, column: 1 } },
    { id: 'property:roundtrip:echo', kind: 'property', name: 'round-trip echo', function: 'echo', status: 'pass', durationMs: 30, seed: 42, runs: 100 },
  ];
}

// A plugin result; `failing` picks the check list with every status.
export function samplePlugin(kegName: string, pluginName: string, failing: boolean, suiteFile = 'conformance/echo.suite.toml'): PluginResult {
  const checks = failing ? echoChecks(suiteFile) : passingChecks(suiteFile);
  return {
    keg: { name: kegName, version: '1.2.3', source: `fixtures/kegs/${kegName}` },
    plugin: { name: pluginName, type: 'kegs.testing.echo', wasmSha256: failing ? SHA_B : SHA_A },
    checks,
    coverage: {
      functions: [
        { name: 'echo', cases: 3, propertyRuns: failing ? 7 : 100, called: true },
        { name: 'count', cases: failing ? 1 : 0, propertyRuns: 0, called: failing },
        { name: 'shout', cases: failing ? 2 : 0, propertyRuns: 0, called: failing },
      ],
      hostFunctionsImported: ['keg_get_static_resource', 'keg_log'],
      hostFunctionsCalled: failing ? ['keg_get_static_resource', 'keg_log'] : [],
      staticReads: failing ? ['vowels.txt', '../secret'] : [],
    },
    verdict: checks.some((c) => isFailing(c.status)) ? 'fail' : 'pass',
  };
}

// Two suites, three kegs, one plugin failing in every possible way.
export function sampleSuites(): SuiteResult[] {
  return [
    {
      suite: { file: 'conformance/echo.suite.toml', type: 'kegs.testing.echo', version: '1.0.0', description: 'Echo plugins' },
      plugins: [samplePlugin('good-keg', 'echo', false), samplePlugin('bad-keg', 'echo-broken', true), samplePlugin('other-keg', 'echo', false)],
    },
    {
      suite: { file: 'conformance/vowels.suite.toml', type: 'kegs.testing.vowels', version: '2.1.0' },
      plugins: [samplePlugin('good-keg', 'vowels', false, 'conformance/vowels.suite.toml')],
    },
  ];
}

// A complete report around `suites` (default: sampleSuites()).
export function sampleReport(suites: readonly SuiteResult[] = sampleSuites(), extra: Partial<RunReport['meta']> = {}): RunReport {
  return {
    schemaVersion: 1,
    meta: {
      kegcheckVersion: '0.1.0',
      nodeVersion: 'v20.0.0',
      extismVersion: '1.0.3',
      seed: 1234,
      startedAt: '2026-01-01T10:00:00.000Z',
      finishedAt: '2026-01-01T10:00:02.500Z',
      argv: ['run', 'conformance/echo.suite.toml', 'fixtures/kegs/good-keg'],
      ...extra,
    },
    suites,
    summary: summarize(suites),
  };
}
