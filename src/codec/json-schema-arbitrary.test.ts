import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchemaArbitrary, SUPPORTED_KEYWORDS, type SchemaArbitraryResult } from './json-schema-arbitrary.js';

// An ajv of the test's own, apart from the one generation filters with.
const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
(ajvFormats as unknown as { default: (a: Ajv2020) => unknown }).default(ajv);

const SEED = 20261202;

// One schema per concern; together they use every supported keyword.
const CATALOGUE: Record<string, object> = {
  scalars: { type: ['null', 'boolean', 'integer', 'string'] },
  bounds: {
    type: 'object',
    required: ['i', 'n', 'm'],
    additionalProperties: false,
    properties: {
      i: { type: 'integer', minimum: -3, exclusiveMaximum: 10, multipleOf: 3 },
      n: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      m: { type: 'number', multipleOf: 0.5, minimum: -2, maximum: 2 },
      big: { type: 'integer', minimum: 2 ** 40 },
    },
  },
  strings: {
    type: 'object',
    required: ['s', 'p', 'f'],
    properties: {
      s: { type: 'string', minLength: 2, maxLength: 4 },
      p: { type: 'string', pattern: '^[A-Z][a-z]{0,3}-\\d{2}$' },
      f: { type: 'string', format: 'date-time' },
      e: { type: 'string', format: 'email' },
      u: { type: 'string', format: 'uuid' },
      ip: { type: 'string', format: 'ipv4' },
    },
    minProperties: 3,
    maxProperties: 6,
  },
  arrays: {
    type: 'array',
    prefixItems: [{ type: 'boolean' }, { const: 'x' }],
    items: { type: 'integer', minimum: 0, maximum: 5 },
    minItems: 3,
    maxItems: 6,
    uniqueItems: true,
  },
  closedTuple: { type: 'array', prefixItems: [{ enum: [1, 'one', null] }], items: false },
  combinators: {
    type: 'object',
    required: ['shape', 'tag'],
    properties: {
      shape: { oneOf: [{ $ref: '#/$defs/circle' }, { $ref: '#/$defs/rect' }] },
      tag: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer', minimum: 100 }] },
      both: { allOf: [{ $ref: '#/$defs/named' }, { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }] },
    },
    $defs: {
      circle: { type: 'object', required: ['r'], additionalProperties: false, properties: { r: { type: 'number', minimum: 0 } } },
      rect: { type: 'object', required: ['w', 'h'], additionalProperties: false, properties: { w: { type: 'integer' }, h: { type: 'integer' } } },
      named: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
  // oneOf whose alternatives overlap: only values matching exactly one count.
  overlappingOneOf: { oneOf: [{ type: 'integer', minimum: 0, maximum: 10 }, { type: 'integer', minimum: 5, maximum: 20 }] },
  recursive: {
    $ref: '#/definitions/tree',
    definitions: { tree: { type: 'object', required: ['v'], additionalProperties: false, properties: { v: { type: 'integer' }, kids: { type: 'array', items: { $ref: '#/definitions/tree' } } } } },
  },
  open: { type: 'object', required: ['k'], properties: { k: true }, additionalProperties: { type: 'integer' } },
  // More keys than declared: extra keys make up the difference.
  manyKeys: { type: 'object', properties: { a: { type: 'null' } }, minProperties: 3, maxProperties: 4 },
  // All declared keys (none required) are needed to reach minProperties.
  allOptional: { type: 'object', additionalProperties: false, properties: { a: { type: 'null' }, b: { type: 'boolean' } }, minProperties: 2 },
};

function arbitraryFor(schema: object): fc.Arbitrary<unknown> {
  const result = jsonSchemaArbitrary(schema);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.arbitrary;
}

function problemsOf(result: SchemaArbitraryResult): readonly { code: string; keyword: string; pointer: string }[] {
  return result.ok ? [] : result.problems;
}

describe('jsonSchemaArbitrary', () => {
  it('the catalogue uses every supported keyword', () => {
    const used = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) for (const [k, sub] of Object.entries(v)) { used.add(k); walk(sub); }
    };
    walk(CATALOGUE);
    expect(SUPPORTED_KEYWORDS.filter((k) => !used.has(k))).toEqual([]);
  });

  for (const [name, schema] of Object.entries(CATALOGUE)) {
    it(`every value generated for '${name}' validates (seed ${SEED})`, () => {
      const validate = ajv.compile(schema);
      fc.assert(
        fc.property(arbitraryFor(schema), (value) => {
          // JSON text round trip: the value is what a plugin would receive.
          const sent = JSON.parse(JSON.stringify(value)) as unknown;
          if (!validate(sent)) throw new Error(`${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
        }),
        { seed: SEED, numRuns: 300 },
      );
    });
  }

  it('reaches every oneOf alternative, enum value and optional property state', () => {
    const values = fc.sample(arbitraryFor(CATALOGUE['combinators']!), { seed: SEED, numRuns: 300 }) as Record<string, unknown>[];
    expect(values.some((v) => 'r' in (v['shape'] as object))).toBe(true);
    expect(values.some((v) => 'w' in (v['shape'] as object))).toBe(true);
    expect(values.some((v) => typeof v['tag'] === 'string') && values.some((v) => typeof v['tag'] === 'number')).toBe(true);
    expect(values.some((v) => 'both' in v) && values.some((v) => !('both' in v))).toBe(true);
    const tuple = fc.sample(arbitraryFor(CATALOGUE['closedTuple']!), { seed: SEED, numRuns: 200 }) as unknown[][];
    expect(new Set(tuple.map((t) => JSON.stringify(t[0])))).toEqual(new Set(['1', '"one"', 'null']));
  });

  it('is reproducible from the seed', () => {
    const arb = arbitraryFor(CATALOGUE['combinators']!);
    expect(fc.sample(arb, { seed: 7, numRuns: 20 })).toEqual(fc.sample(arb, { seed: 7, numRuns: 20 }));
  });

  it('shrinks a counterexample to a small value that still validates', () => {
    const schema = CATALOGUE['bounds']!;
    const validate = ajv.compile(schema);
    const details = fc.check(fc.property(arbitraryFor(schema), (v) => (v as { i: number }).i < 6), { seed: SEED, numRuns: 500 });
    expect(details.failed).toBe(true);
    const [smallest] = details.counterexample as [Record<string, unknown>];
    expect(validate(smallest)).toBe(true);
    expect(smallest['i']).toBe(6);
    expect(Object.keys(smallest).sort()).toEqual(['i', 'm', 'n']);
  });

  it('refuses unsupported keywords, naming keyword and place', () => {
    const problems = problemsOf(jsonSchemaArbitrary({ type: 'object', properties: { a: { not: { type: 'string' } }, b: { type: 'string', format: 'iri' } } }));
    expect(problems.map((p) => [p.code, p.keyword, p.pointer])).toEqual([
      ['schema-unsupported-keyword', 'not', '/properties/a/not'],
      ['schema-unsupported-keyword', 'format', '/properties/b/format'],
    ]);
    expect(problemsOf(jsonSchemaArbitrary({ type: 'array', minItems: 1e9 }))[0]).toMatchObject({ code: 'schema-unsupported-keyword', keyword: 'minItems', pointer: '/minItems' });
  });

  it('refuses remote and dangling $refs', () => {
    expect(problemsOf(jsonSchemaArbitrary({ $ref: 'https://example.com/s.json' }))[0]).toMatchObject({ code: 'schema-remote-ref', pointer: '/$ref' });
    expect(problemsOf(jsonSchemaArbitrary({ items: { $ref: '#/$defs/none' } }))[0]).toMatchObject({ code: 'schema-invalid', pointer: '/items/$ref' });
  });

  it('refuses a schema ajv cannot compile', () => {
    expect(problemsOf(jsonSchemaArbitrary({ type: 'object', properties: { a: { type: 'strng' } } }))[0]).toMatchObject({ code: 'schema-invalid', keyword: 'type', pointer: '/properties/a/type' });
  });

  it('refuses unsatisfiable schemas, statically or by sampling', () => {
    const cases: [object, string, string][] = [
      [{ type: 'integer', minimum: 5, maximum: 1 }, 'minimum', '/minimum'],
      [{ type: 'string', minLength: 5, maxLength: 1 }, 'minLength', '/minLength'],
      [{ allOf: [{ type: 'string' }, { type: 'integer' }] }, 'type', '/type'],
      [{ type: 'object', required: ['x'], additionalProperties: false }, 'required', '/required'],
      [{ type: 'object', additionalProperties: false, properties: { a: true }, minProperties: 2 }, 'minProperties', '/minProperties'],
      [{ properties: { a: { enum: [] } } }, 'enum', '/properties/a/enum'],
      // Only the ajv check notices this one.
      [{ type: 'string', enum: [1, 2] }, 'type', '/type'],
      [{ $ref: '#/$defs/loop', $defs: { loop: { type: 'object', required: ['next'], properties: { next: { $ref: '#/$defs/loop' } } } } }, '$ref', '/$defs/loop/properties/next/$ref'],
    ];
    for (const [schema, keyword, pointer] of cases) {
      expect(problemsOf(jsonSchemaArbitrary(schema))[0], JSON.stringify(schema)).toMatchObject({ code: 'schema-unsatisfiable', keyword, pointer });
    }
  });
});

// Random schemas from the supported keywords: the converter either refuses one
// (with a known code) or every value it generates validates. It never throws.
const schemaLeaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -50, max: 50 }), maximum: fc.integer({ min: -50, max: 50 }), multipleOf: fc.constantFrom(1, 2, 7) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('number'), exclusiveMinimum: fc.integer({ min: -5, max: 5 }), maximum: fc.double({ min: -10, max: 10, noNaN: true }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('string'), minLength: fc.nat(4), maxLength: fc.nat(6), pattern: fc.constantFrom('^[a-c]+$', '^x\\d{2}$', 'z') }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('string'), format: fc.constantFrom('date', 'email', 'ipv6', 'uuid', 'hostname') }),
  fc.record({ enum: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', null, true)), { minLength: 1, maxLength: 4 }) }),
  fc.record({ const: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)) }),
  fc.record({ type: fc.constantFrom('null', 'boolean', ['string', 'null'], ['integer', 'boolean']) }),
);
const { schema: randomSchema } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    schemaLeaf,
    fc
      .record({
        properties: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('schema'), { maxKeys: 3 }),
        required: fc.subarray(['a', 'b', 'c']),
        additionalProperties: fc.oneof(fc.boolean(), tie('schema')),
        minProperties: fc.nat(2),
      }, { requiredKeys: ['properties'] })
      .map((o) => ({ type: 'object', ...o })),
    fc
      .record({
        items: fc.oneof(tie('schema'), fc.constant(false)),
        prefixItems: fc.array(tie('schema'), { maxLength: 2 }),
        minItems: fc.nat(3),
        maxItems: fc.nat(4),
        uniqueItems: fc.boolean(),
      }, { requiredKeys: [] })
      .map((a) => ({ type: 'array', ...a })),
    fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }),
    tie('schema').map((s) => ({ $ref: '#/$defs/x', $defs: { x: s } })),
  ),
}));

describe('jsonSchemaArbitrary on random schemas', () => {
  it(`refuses with a known code or generates only valid values (seed ${SEED})`, () => {
    const codes = new Set(['schema-invalid', 'schema-unsupported-keyword', 'schema-remote-ref', 'schema-unsatisfiable']);
    let usable = 0;
    fc.assert(
      fc.property(randomSchema, (schema) => {
        const result = jsonSchemaArbitrary(schema);
        if (!result.ok) return result.problems.length > 0 && result.problems.every((p) => codes.has(p.code));
        usable += 1;
        const validate = ajv.compile(schema);
        for (const value of fc.sample(result.arbitrary, { seed: SEED, numRuns: 20 })) {
          if (!validate(JSON.parse(JSON.stringify(value)))) throw new Error(`${JSON.stringify(value)} breaks ${JSON.stringify(schema)}: ${ajv.errorsText(validate.errors)}`);
        }
        return true;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Most random schemas are satisfiable: the test is not passing by refusing everything.
    expect(usable).toBeGreaterThan(100);
  });
});
