import { describe, expect, it } from 'vitest';
import { parseSuite, type SuiteLoadResult } from '../load-suite.js';

const FILE = '/tmp/kegcheck-bench-test/example.suite.toml';

const head = (reference: boolean): string => `[suite]
type = "kegs.testing.vowelcounter"
version = "1.0.0"
${reference ? 'reference = "ref"\n' : ''}
[[functions]]
name = "count_vowels"
input = "string"
output = "json"

[[functions]]
name = "add"
args = [{ name = "a", type = "i64" }, { name = "b", type = "i64" }]
returns = [{ name = "sum", type = "i64" }]
`;
// Lines in head(true) before the first benchmark line.
const HEAD_LINES = head(true).split('\n').length;

function findings(result: SuiteLoadResult) {
  if (result.kind !== 'invalid') throw new Error('expected findings, the suite loaded');
  return result.findings;
}

describe('[[benchmarks]]', () => {
  it('reads fixed inputs, generated inputs and budgets', () => {
    const result = parseSuite(
      `${head(true)}
[[benchmarks]]
function = "count_vowels"
input = "hello"
max_ratio = 2.0
max_us_p95 = 500
rounds = 5

[[benchmarks]]
function = "add"
args = [1, "2"]

[[benchmarks]]
name = "short texts"
function = "count_vowels"
generated = true
max_length = 8
samples = 4
max_ratio = 3
reference = "other"
`,
      FILE,
    );
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings));
    const [fixed, packed, generated] = result.suite.benchmarks ?? [];
    expect(fixed).toMatchObject({ name: 'count_vowels', function: 'count_vowels', input: { kind: 'fixed', values: ['hello'] }, maxRatio: 2, maxUsP95: 500, rounds: 5, at: { file: FILE, line: HEAD_LINES + 1 } });
    expect(packed?.input).toEqual({ kind: 'fixed', values: [1n, 2n] });
    expect(generated).toMatchObject({ name: 'short texts', input: { kind: 'generated', samples: 4, constraints: { input: { maxLength: 8 } } }, maxRatio: 3, reference: '/tmp/kegcheck-bench-test/other' });
  });

  it('a suite without benchmarks has no benchmarks key (reports of existing suites are unchanged)', () => {
    const result = parseSuite(head(false), FILE);
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' && 'benchmarks' in result.suite).toBe(false);
  });

  it.each([
    ['max_ratio = 0', 'max_ratio', 'suite-benchmark'],
    ['max_ratio = -1.5', 'max_ratio', 'suite-benchmark'],
    ['max_us_p95 = 0', 'max_us_p95', 'suite-benchmark'],
  ])('rejects %s with its line and column', (line, key, code) => {
    const result = parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\n${line}\n`, FILE);
    const [finding] = findings(result);
    expect(finding).toMatchObject({ code, location: { file: FILE, line: HEAD_LINES + 4, column: 1, pointer: `/benchmarks/0/${key}` } });
  });

  it('rejects both input and args, naming the second', () => {
    const [finding] = findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\nargs = ["y"]\n`, FILE));
    expect(finding).toMatchObject({ code: 'suite-benchmark', location: { line: HEAD_LINES + 4, pointer: '/benchmarks/0/args' } });
  });

  it('rejects max_ratio when no reference keg is named', () => {
    const [finding] = findings(parseSuite(`${head(false)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\nmax_ratio = 2\n`, FILE));
    expect(finding).toMatchObject({ code: 'suite-benchmark', location: { pointer: '/benchmarks/0/max_ratio' } });
    expect(finding?.expected).toContain('reference');
  });

  it('rejects a benchmark without input, constraints without generated, and an unknown function', () => {
    expect(findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\n`, FILE))[0]).toMatchObject({ code: 'suite-benchmark', location: { pointer: '/benchmarks/0' } });
    expect(findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\nmax_length = 3\n`, FILE))[0]).toMatchObject({ code: 'suite-benchmark', location: { pointer: '/benchmarks/0/max_length' } });
    expect(findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "nope"\ninput = "x"\n`, FILE))[0]).toMatchObject({ code: 'suite-unknown-function' });
  });

  it('rejects unknown keys and wrong types through the suite schema', () => {
    const [finding] = findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\nmax_ratio = "2"\n`, FILE));
    expect(finding?.location).toMatchObject({ line: HEAD_LINES + 4 });
    expect(findings(parseSuite(`${head(true)}\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "x"\nmax_ration = 2\n`, FILE)).length).toBeGreaterThan(0);
  });
});
