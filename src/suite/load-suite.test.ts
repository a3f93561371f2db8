import { readdirSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesArbitrary, signatureArbitrary } from '../codec/arbitraries.js';
import { equalValues } from '../codec/equal-values.js';
import type { Signature } from '../codec/signature.js';
import { loadSuite, parseSuite, type SuiteLoadResult } from './load-suite.js';

const FILE = '/tmp/kegcheck-suite-test/example.suite.toml';
const CONFORMANCE = fileURLToPath(new URL('../../conformance/', import.meta.url));

const HEAD = `
[suite]
type = "kegs.testing.echo"
version = "1.2.3"

[[functions]]
name = "echo"
args = [{ name = "n", type = "i64" }, { name = "x", type = "f32" }, { name = "s", type = "str" }, { name = "b", type = "bin" }]
returns = [{ name = "n", type = "i64" }, { name = "x", type = "f32" }, { name = "s", type = "str" }, { name = "b", type = "bin" }]

[[functions]]
name = "count"
input = "string"
output = "json"
output_schema = { type = "object", required = ["count"] }
`;

// Line number in `${HEAD}\n${tail}` of the tail's 1-based row.
function lineOfTail(row: number): number {
  return `${HEAD}\n`.split('\n').length - 1 + row;
}

function ok(result: SuiteLoadResult) {
  if (result.kind !== 'ok') throw new Error(`expected a valid suite, got:\n${JSON.stringify(result.findings, null, 2)}`);
  return result.suite;
}

function invalid(result: SuiteLoadResult) {
  if (result.kind !== 'invalid') throw new Error('expected findings, the suite loaded');
  return result.findings;
}

describe('parseSuite: valid suites', () => {
  it('converts packed values to codec form and fills defaults', () => {
    const suite = ok(
      parseSuite(
        `${HEAD}
[[cases]]
function = "echo"
args = ["-9223372036854775808", 1.5, "héllo", { hex = "00 ff" }]
expect = { returns = [-1, 1.5, "", "text"] }

[[cases]]
name = "count hello"
function = "count"
input = "hello"
expect = { json = { count = 2 } }
logs = [{ level = "info", text = "counted" }]

[[properties]]
function = "echo"
check = "roundtrip"
max_length = 8
constraints = { n = { min = -5, max = "5" } }
`,
        FILE,
      ),
    );
    expect(suite.type).toBe('kegs.testing.echo');
    expect(suite.functions.map((f) => f.name)).toEqual(['echo', 'count']);
    const [first, second] = suite.cases;
    expect(first?.name).toBe('echo#1');
    expect(first?.steps[0]?.input).toEqual([-(2n ** 63n), 1.5, 'héllo', new Uint8Array([0, 255])]);
    expect(first?.steps[0]?.expect).toEqual({ kind: 'returns', values: [-1n, 1.5, '', new TextEncoder().encode('text')] });
    expect(second?.steps[0]?.logs).toEqual([{ level: 'info', text: 'counted' }]);
    expect(second?.stateful).toBe(false);
    const property = suite.properties[0];
    expect(property?.runs).toBe(100);
    expect(property?.name).toBe('roundtrip:echo');
    expect(property?.constraints['n']).toEqual({ maxLength: 8, min: -5n, max: 5n });
    expect(property?.constraints['s']).toEqual({ maxLength: 8 });
  });

  it('reads stateful cases as ordered steps', () => {
    const suite = ok(
      parseSuite(
        `${HEAD}
[[cases]]
name = "twice"
[[cases.steps]]
function = "count"
input = "a"
expect = { json = { count = 1 } }
[[cases.steps]]
function = "count"
input = "ab"
expect = { error = "^boom" }
`,
        FILE,
      ),
    );
    const only = suite.cases[0];
    expect(only?.stateful).toBe(true);
    expect(only?.steps.map((s) => s.input)).toEqual([['a'], ['ab']]);
    expect(only?.steps[1]?.expect.kind).toBe('error');
  });

  it('accepts every full suite example in docs/suite-format.md', async () => {
    const section = await readFile(join(CONFORMANCE, '../docs/suite-format.md'), 'utf8');
    const examples = [...section.matchAll(/```toml\n(\[suite\][\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const result = parseSuite(example, join(CONFORMANCE, 'readme-example.suite.toml'));
      expect(result.kind, JSON.stringify(result.findings)).toBe('ok');
    }
    const checks = examples.map((e) => parseSuite(e, join(CONFORMANCE, 'x.suite.toml'))).flatMap((r) => (r.kind === 'ok' ? r.suite.properties.map((p) => p.check) : []));
    expect(new Set(checks)).toEqual(new Set(['roundtrip', 'conforms', 'deterministic', 'oracle', 'matches_reference', 'isolated', 'model', 'rejects_invalid']));
  });

  it('loads every published suite in conformance/', async () => {
    const files = readdirSync(CONFORMANCE).filter((f) => f.endsWith('.suite.toml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const result = await loadSuite(join(CONFORMANCE, f));
      expect(result.kind, `${f}: ${JSON.stringify(result.findings)}`).toBe('ok');
    }
  });
});

// A packed value as a suite author writes it in TOML.
function tomlValue(type: string, value: unknown): string {
  if (typeof value === 'bigint') return `"${value}"`;
  if (value instanceof Uint8Array) return `{ hex = "${Buffer.from(value).toString('hex')}" }`;
  if (typeof value === 'string') return JSON.stringify(value);
  const n = value as number;
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0.0';
  const text = String(n);
  return type === 'f32' && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

const PROPERTY_SEED = 0x5017e;

describe('parseSuite: values written in TOML', () => {
  it(`reads back every packed value exactly, for any signature (fast-check seed ${PROPERTY_SEED})`, () => {
    const signatureAndValues = signatureArbitrary({ minFields: 1, maxFields: 6 }).chain((sig) => valuesArbitrary(sig).map((values) => ({ sig, values: values as unknown[] })));
    fc.assert(
      fc.property(signatureAndValues, ({ sig, values }) => {
        const fields = (sig as Extract<Signature, { kind: 'packed' }>).fields;
        const decl = `[${fields.map((f) => `{ name = "${f.name}", type = "${f.type}" }`).join(', ')}]`;
        const literal = `[${values.map((v, i) => tomlValue(fields[i]?.type ?? '', v)).join(', ')}]`;
        const text = `[suite]\ntype = "t"\nversion = "1.0.0"\n[[functions]]\nname = "f"\nargs = ${decl}\nreturns = ${decl}\n[[cases]]\nfunction = "f"\nargs = ${literal}\nexpect = { returns = ${literal} }\n`;
        const suite = ok(parseSuite(text, FILE));
        const step = suite.cases[0]?.steps[0];
        expect(equalValues(sig, step?.input, values)).toBe(true);
        expect(step?.expect.kind === 'returns' && equalValues(sig, step.expect.values, values)).toBe(true);
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });
});

describe('parseSuite: bad suites get findings with line:column', () => {
  it('reports TOML syntax errors with their place', () => {
    const [finding] = invalid(parseSuite('[suite]\ntype = "x"\nversion = \n', FILE));
    expect(finding?.code).toBe('toml-syntax');
    expect(finding?.location.line).toBe(3);
  });

  it('reports schema violations at the offending key', () => {
    const findings = invalid(parseSuite(`${HEAD}\n[[cases]]\nfunction = "count"\ninput = "x"\nexpect = { json = 1 }\nbogus = true\n`, FILE));
    const bogus = findings.find((f) => f.location.keyPath === 'cases[0].bogus');
    expect(bogus?.code).toBe('schema');
    expect(bogus?.location.line).toBe(lineOfTail(5));
    expect(bogus?.location.column).toBe(1);
  });

  it('rejects a bad field type with the allowed ones', () => {
    const findings = invalid(parseSuite('[suite]\ntype = "t"\nversion = "1.0.0"\n[[functions]]\nname = "f"\nargs = [{ name = "a", type = "u8" }]\noutput = "none"\n', FILE));
    expect(findings[0]?.location.keyPath).toBe('functions[0].args[0].type');
    expect(findings[0]?.expected).toContain('i64');
    expect(findings[0]?.location.line).toBe(6);
  });

  it.each([
    ['suite-unknown-function', '[[cases]]\nfunction = "nope"\nexpect = { text = "" }\n', 'cases[0].function', 2],
    ['suite-value', '[[cases]]\nfunction = "echo"\nargs = [1.5, 1, "s", "b"]\nexpect = { bytes = { hex = "" } }\n', 'cases[0].args[0]', 3],
    ['suite-value', '[[cases]]\nfunction = "echo"\nargs = [1]\nexpect = { bytes = { hex = "" } }\n', 'cases[0].args', 3],
    ['suite-value', '[[cases]]\nfunction = "count"\nargs = [1]\nexpect = { text = "" }\n', 'cases[0].args', 3],
    ['suite-expect', '[[cases]]\nfunction = "echo"\nargs = [1, 1, "s", "b"]\nexpect = { json = 1 }\n', 'cases[0].expect.json', 4],
    ['suite-expect', '[[cases]]\nfunction = "count"\ninput = "x"\nexpect = { returns = [1] }\n', 'cases[0].expect.returns', 4],
    ['suite-regex', '[[cases]]\nfunction = "count"\ninput = "x"\nexpect = { error = "(" }\n', 'cases[0].expect.error', 4],
    ['suite-golden-path', '[[cases]]\nfunction = "count"\ninput = "x"\nexpect = { file = "../../etc/passwd" }\n', 'cases[0].expect.file', 4],
    ['suite-property', '[[properties]]\nfunction = "count"\ncheck = "roundtrip"\n', 'properties[0].check', 3],
    ['suite-property', '[[properties]]\nfunction = "count"\ncheck = "oracle"\n', 'properties[0]', 1],
    ['suite-oracle-missing', '[[properties]]\nfunction = "count"\ncheck = "oracle"\noracle = "nowhere.mjs"\n', 'properties[0].oracle', 4],
    ['suite-property', '[[properties]]\nfunction = "echo"\ncheck = "conforms"\nconstraints = { zz = { min = 1 } }\n', 'properties[0].constraints.zz', 4],
  ])('%s at %s', (code, tail, keyPath, row) => {
    const findings = invalid(parseSuite(`${HEAD}\n${tail}`, FILE));
    const hit = findings.find((f) => f.code === code);
    expect(hit, JSON.stringify(findings)).toBeDefined();
    expect(hit?.location.keyPath).toBe(keyPath);
    expect(hit?.location.line).toBe(lineOfTail(row));
    expect(hit?.location.file).toBe(FILE);
  });

  it('rejects a function that declares both raw input and packed args', () => {
    const findings = invalid(parseSuite('[suite]\ntype = "t"\nversion = "1.0.0"\n[[functions]]\nname = "f"\ninput = "string"\nargs = []\noutput = "none"\n', FILE));
    expect(findings.map((f) => f.code)).toEqual(['suite-function-shape']);
  });

  it('throws suite-unreadable for a missing file', async () => {
    await expect(loadSuite('/nonexistent/x.suite.toml')).rejects.toMatchObject({ code: 'suite-unreadable' });
  });
});
