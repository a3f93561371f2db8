import { describe, expect, it } from 'vitest';
import suiteSchema from '../schemas/suite.schema.json' with { type: 'json' };
import { validateAgainstSchema } from './schema-validate.js';
import { parseTomlDocument } from './toml-document.js';

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['package'],
  properties: {
    package: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: '^[a-z_]+$' },
        version: { type: 'string' },
        homepage: { type: 'string', format: 'uri' },
        level: { enum: ['low', 'high'] },
        count: { type: 'integer', minimum: 1 },
      },
    },
  },
};

describe('validateAgainstSchema', () => {
  it('returns no findings for a valid document', () => {
    const doc = parseTomlDocument('[package]\nname = "ok"\nversion = "1.0.0"\n', 'keg.toml');
    expect(validateAgainstSchema(SCHEMA, doc)).toEqual([]);
  });

  it('reports every error with pointer, key path, line, column and expected', () => {
    const text = '[package]\nname = "Bad-Name"\nhomepage = "not a uri"\nlevel = "mid"\ncount = 0\nextra = 1\n';
    const findings = validateAgainstSchema(SCHEMA, parseTomlDocument(text, 'keg.toml'));
    const byPointer = new Map(findings.map((f) => [f.location.pointer, f]));
    expect(findings.every((f) => f.code === 'schema' && f.severity === 'error' && f.location.file === 'keg.toml')).toBe(true);
    expect(byPointer.get('/package/name')).toMatchObject({
      expected: 'a string matching ^[a-z_]+$',
      location: { keyPath: 'package.name', line: 2, column: 1 },
    });
    expect(byPointer.get('/package/homepage')).toMatchObject({ expected: 'a string in format "uri"', location: { line: 3 } });
    expect(byPointer.get('/package/level')).toMatchObject({ expected: 'one of ["low","high"]', location: { line: 4 } });
    expect(byPointer.get('/package/count')).toMatchObject({ expected: 'a number >= 1', location: { line: 5 } });
    expect(byPointer.get('/package/extra')).toMatchObject({ location: { keyPath: 'package.extra', line: 6, column: 1 } });
    expect(byPointer.get('/package/extra')?.message).toContain('package.extra');
    // missing 'version': key path of the missing key, position of its table header
    expect(byPointer.get('/package/version')).toMatchObject({
      expected: 'a key "version"',
      location: { keyPath: 'package.version', line: 1, column: 1 },
    });
    expect(findings).toHaveLength(6);
  });

  it('reports a wrong type with the type expected', () => {
    const doc = parseTomlDocument('\n\npackage = 3\n', 'keg.toml');
    const findings = validateAgainstSchema(SCHEMA, doc);
    expect(findings).toEqual([
      expect.objectContaining({
        expected: 'type object',
        location: expect.objectContaining({ pointer: '/package', keyPath: 'package', line: 3, column: 1 }),
      }),
    ]);
  });

  it('points a missing top-level key at the start of the file', () => {
    const findings = validateAgainstSchema(SCHEMA, parseTomlDocument('# empty\n', 'x.toml'));
    expect(findings).toEqual([
      expect.objectContaining({ location: { file: 'x.toml', pointer: '/package', keyPath: 'package', line: 1, column: 1 } }),
    ]);
  });

  it('reuses the compiled validator for the same schema object', () => {
    const doc = parseTomlDocument('[package]\nname = "ok"\n', 'keg.toml');
    const first = validateAgainstSchema(SCHEMA, doc);
    const second = validateAgainstSchema(SCHEMA, doc);
    expect(second).toEqual(first);
    expect(first).toHaveLength(1);
  });

  it('suggests the closest allowed key for an unknown one and lists the keys allowed there', () => {
    const findings = validateAgainstSchema(SCHEMA, parseTomlDocument('[package]\nname = "ok"\nversion = "1"\nhomepgae = "x"\nzzz = 1\n', 'keg.toml'));
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({
      code: 'schema',
      message: expect.stringContaining('did you mean `homepage`?'),
      expected: 'one of the keys name, version, homepage, level, count',
      location: { file: 'keg.toml', keyPath: 'package.homepgae', line: 4, column: 1 },
    });
    // Nothing close: no guess, but still the list.
    expect(findings[1]?.message).not.toContain('did you mean');
    expect(findings[1]).toMatchObject({ expected: 'one of the keys name, version, homepage, level, count', location: { line: 5 } });
  });

  it('finds the allowed keys through $ref, items and unevaluatedProperties in the suite schema', () => {
    const text = [
      '[suite]', 'type = "x.y"', 'version = "1.0.0"', '',
      '[[functions]]', 'name = "f"', 'input = "string"', 'output = "json"', '',
      '[[cases]]', 'name = "a"', 'function = "f"', 'input = "x"', 'expct = { json = 1 }', '',
      '[[cases]]', 'name = "b"', 'function = "f"', 'input = "x"', 'expect = { jsno = 1 }', '',
      '[[properties]]', 'function = "f"', 'check = "deterministic"', 'max_lenght = 3', 'constraints = { x = { alphabt = "a" } }', '',
    ].join('\n');
    const findings = validateAgainstSchema(suiteSchema, parseTomlDocument(text, 'v.suite.toml'));
    const byKey = new Map(findings.map((f) => [f.location.keyPath, f]));
    expect(findings.every((f) => f.code === 'schema' && f.location.line !== undefined)).toBe(true);
    expect(byKey.get('cases[0].expct')).toMatchObject({ message: expect.stringContaining('did you mean `expect`?'), location: { line: 14, column: 1 } });
    expect(byKey.get('cases[0].expct')?.expected).toMatch(/^one of the keys .*\bname\b.*\bsteps\b.*\bexpect\b/);
    expect(byKey.get('cases[1].expect.jsno')).toMatchObject({ message: expect.stringContaining('did you mean `json`?'), expected: 'one of the keys json, text, bytes, returns, error, file, outcome' });
    expect(byKey.get('properties[0].max_lenght')?.message).toContain('did you mean `max_length`?');
    expect(byKey.get('properties[0].constraints.x.alphabt')).toMatchObject({ message: expect.stringContaining('did you mean `alphabet`?'), expected: 'one of the keys min, max, max_length, alphabet' });
    expect(findings).toHaveLength(4);
  });
});
