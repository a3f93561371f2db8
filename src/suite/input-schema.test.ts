import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSuite, type SuiteLoadResult } from './load-suite.js';

const DIR = mkdtempSync(join(tmpdir(), 'kegcheck-input-schema-'));
const FILE = join(DIR, 'calc.suite.toml');
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const head = (schema: string): string => `[suite]
type = "kegs.testing.calc"
version = "1.0.0"

[[functions]]
name = "calc"
input = "json"
output = "json"
input_schema = ${schema}
`;

const GOOD = `{ type = "object", required = ["op", "a"], additionalProperties = false, properties = { op = { enum = ["add", "neg"] }, a = { type = "integer", minimum = 0 } } }`;

function findingsOf(result: SuiteLoadResult) {
  if (result.kind !== 'invalid') throw new Error('expected findings, the suite loaded');
  return result.findings;
}

// 1-based line of the first line of `text` containing `needle`.
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('input_schema', () => {
  it('loads inline, and golden inputs that satisfy it', () => {
    const result = parseSuite(`${head(GOOD)}\n[[cases]]\nfunction = "calc"\ninput = { op = "add", a = 2 }\nexpect = { json = { result = 2 } }\n\n[[properties]]\nfunction = "calc"\ncheck = "rejects_invalid"\n`, FILE);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings));
    expect(result.suite.functions[0]?.inputSchema).toMatchObject({ required: ['op', 'a'] });
    expect(result.suite.properties[0]?.check).toBe('rejects_invalid');
  });

  it('loads from a JSON file relative to the suite', () => {
    writeFileSync(join(DIR, 'calc.input.json'), JSON.stringify({ type: 'object', properties: { a: { $ref: '#/$defs/n' } }, $defs: { n: { type: 'integer' } } }));
    const result = parseSuite(head('"calc.input.json"'), FILE);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings));
    expect(result.suite.functions[0]?.inputSchemaFile).toBe(join(DIR, 'calc.input.json'));
  });

  it('loads inline with quoted $ keys and a local $ref', () => {
    const result = parseSuite(head(`{ type = "object", properties = { a = { "$ref" = "#/$defs/n" } }, "$defs" = { n = { type = "integer", maximum = 3 } } }`) + '\n[[cases]]\nfunction = "calc"\ninput = { a = 3 }\nexpect = { json = {} }\n', FILE);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings));
    const bad = findingsOf(parseSuite(head(`{ type = "object", properties = { a = { "$ref" = "#/$defs/n" } }, "$defs" = { n = { type = "integer", maximum = 3 } } }`) + '\n[[cases]]\nfunction = "calc"\ninput = { a = 4 }\nexpect = { json = {} }\n', FILE));
    expect(bad[0]?.message).toContain("'maximum'");
  });

  it('a golden case that breaks it is a suite error at the case input', () => {
    const text = `${head(GOOD)}\n[[cases]]\nfunction = "calc"\ninput = { op = "mul", a = 2 }\nexpect = { json = { result = 2 } }\n`;
    const [finding] = findingsOf(parseSuite(text, FILE));
    expect(finding?.code).toBe('suite-input-schema-case');
    expect(finding?.location).toMatchObject({ file: FILE, keyPath: 'cases[0].input.op', line: lineOf(text, 'op = "mul"') });
    expect(finding?.message).toContain("'enum'");
  });

  it('an unsupported keyword names keyword, key path and line:column inside the suite', () => {
    // Written as sub-tables, the way a longer schema reads best in TOML.
    const text = head('{ type = "object" }').replace('input_schema = { type = "object" }', '[functions.input_schema]\ntype = "object"\n[functions.input_schema.properties.a]\nnot = { type = "string" }');
    const [finding] = findingsOf(parseSuite(text, FILE));
    expect(finding?.code).toBe('suite-input-schema-unsupported-keyword');
    expect(finding?.location).toMatchObject({ keyPath: 'functions[0].input_schema.properties.a.not', line: lineOf(text, 'not =') });
    expect(finding?.location.column).toBe(1);
  });

  it('problems inside a schema file point into that file', () => {
    const schemaFile = join(DIR, 'remote.json');
    writeFileSync(schemaFile, '{\n  "type": "object",\n  "properties": {\n    "a": { "$ref": "https://example.com/a.json" }\n  }\n}\n');
    const [finding] = findingsOf(parseSuite(head('"remote.json"'), FILE));
    expect(finding?.code).toBe('suite-input-schema-remote-ref');
    expect(finding?.location).toMatchObject({ file: schemaFile, pointer: '/properties/a/$ref', line: 4, column: 12 });
  });

  it('a schema that does not compile, or that nothing satisfies, is a suite error', () => {
    expect(findingsOf(parseSuite(head('{ type = "obj" }'), FILE))[0]).toMatchObject({ code: 'suite-input-schema-invalid', location: { keyPath: 'functions[0].input_schema.type' } });
    const unsat = findingsOf(parseSuite(head('{ type = "integer", minimum = 3, maximum = 2 }'), FILE))[0];
    expect(unsat).toMatchObject({ code: 'suite-input-schema-unsatisfiable', location: { keyPath: 'functions[0].input_schema.minimum' } });
    expect(findingsOf(parseSuite(head('"../outside.json"'), FILE))[0]?.code).toBe('suite-input-schema');
    expect(findingsOf(parseSuite(head('"missing.json"'), FILE))[0]?.code).toBe('suite-input-schema');
  });

  it('warns that generator limits on its properties are ignored', () => {
    const result = parseSuite(`${head(GOOD)}\n[[properties]]\nfunction = "calc"\ncheck = "conforms"\nmax_length = 4\n`, FILE);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings));
    expect(result.findings.map((f) => [f.code, f.severity, f.location.keyPath])).toEqual([['suite-property', 'warning', 'properties[0].max_length']]);
  });

  it('applies to json input only; rejects_invalid needs it', () => {
    const text = head(GOOD).replace('input = "json"', 'input = "string"');
    expect(findingsOf(parseSuite(text, FILE))[0]?.code).toBe('suite-function-shape');
    const noSchema = head(GOOD).replace(/input_schema = .*\n/, '') + '\n[[properties]]\nfunction = "calc"\ncheck = "rejects_invalid"\n';
    expect(findingsOf(parseSuite(noSchema, FILE))[0]).toMatchObject({ code: 'suite-property', location: { keyPath: 'properties[0].check' } });
  });
});
