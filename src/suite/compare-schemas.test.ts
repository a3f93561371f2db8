import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyParams } from '../codec/_internals/property-params.js';
import { compareSchemas } from './compare-schemas.js';

const COUNT = { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 0 } } };

describe('compareSchemas', () => {
  it('ignores annotations and key order', () => {
    expect(compareSchemas(COUNT, { properties: { count: { minimum: 0, type: 'integer', description: 'n' } }, title: 'x', required: ['count'], type: 'object' })).toBe('same');
  });
  it.each([
    ['a lower minimum', { ...COUNT, properties: { count: { type: 'integer', minimum: -1 } } }],
    ['no minimum', { ...COUNT, properties: { count: { type: 'integer' } } }],
    ['integer to number', { ...COUNT, properties: { count: { type: 'number', minimum: 0 } } }],
    ['a type list', { ...COUNT, properties: { count: { type: ['integer', 'string'], minimum: 0 } } }],
    ['nothing required', { ...COUNT, required: [] }],
    ['no schema at all', undefined],
  ])('widened: %s', (_name, after) => {
    expect(compareSchemas(COUNT, after)).toBe('widened');
    expect(compareSchemas(after, COUNT)).toBe('narrowed');
  });
  it('a property listed anew constrains what additionalProperties allowed', () => {
    // Old allowed `note` of any type (additionalProperties defaults to true): new allows only strings.
    expect(compareSchemas(COUNT, { ...COUNT, properties: { ...COUNT.properties, note: { type: 'string' } } })).toBe('narrowed');
    const closed = { ...COUNT, additionalProperties: false };
    expect(compareSchemas(closed, { ...closed, properties: { ...COUNT.properties, note: { type: 'string' } } })).toBe('widened');
  });
  it('reordered lists are the same schema', () => {
    expect(compareSchemas({ type: ['string', 'null'], enum: ['a', 'b', null], required: ['x', 'y'] }, { type: ['null', 'string'], enum: [null, 'b', 'a'], required: ['y', 'x'] })).toBe('same');
  });
  it('enum and const', () => {
    expect(compareSchemas({ enum: ['a', 'b'] }, { enum: ['b', 'a', 'c'] })).toBe('widened');
    expect(compareSchemas({ const: 'a' }, { enum: ['a', 'c'] })).toBe('widened');
    expect(compareSchemas({ enum: ['a', 'b'] }, { enum: ['a', 'c'] })).toBe('unknown');
  });
  it('additionalProperties', () => {
    expect(compareSchemas({ type: 'object', properties: { a: {} } }, { type: 'object', properties: { a: {} }, additionalProperties: false })).toBe('narrowed');
    expect(compareSchemas({ type: 'object', additionalProperties: false }, { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false })).toBe('widened');
  });
  it('what it cannot prove is unknown', () => {
    expect(compareSchemas({ anyOf: [{ type: 'string' }] }, { anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('unknown');
    expect(compareSchemas({ type: 'string', pattern: '^a' }, { type: 'string', pattern: '^[ab]' })).toBe('unknown');
    expect(compareSchemas({ type: 'string' }, { type: 'integer' })).toBe('unknown');
  });
  it('items recurse', () => {
    expect(compareSchemas({ type: 'array', items: { type: 'integer' }, maxItems: 3 }, { type: 'array', items: { type: 'number' } })).toBe('widened');
  });

  // Soundness: whenever the rule claims widened (or narrowed, or same), no value
  // accepted by one side and refused by the other may exist. Checked with ajv on
  // random schemas from a small grammar (so pairs often overlap) and random values.
  it('never claims a widening that a value contradicts', () => {
    const ajv = new Ajv2020({ strict: false });
    const small = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(0.5), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
    const typeName = fc.constantFrom('integer', 'number', 'string', 'boolean', 'null');
    const leaf = fc.record(
      {
        type: fc.oneof(typeName, fc.uniqueArray(typeName, { minLength: 1, maxLength: 3 })),
        minimum: fc.integer({ min: -2, max: 2 }),
        maximum: fc.integer({ min: -2, max: 2 }),
        maxLength: fc.integer({ min: 0, max: 3 }),
        enum: fc.uniqueArray(small, { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    const objectSchema = fc.record(
      {
        type: fc.constant('object'),
        properties: fc.record({ a: leaf, b: leaf }, { requiredKeys: [] }),
        required: fc.subarray(['a', 'b', 'c']),
        additionalProperties: fc.oneof(fc.constant(false), leaf),
        minProperties: fc.integer({ min: 0, max: 2 }),
      },
      { requiredKeys: [] },
    );
    const schema = fc.oneof(leaf, objectSchema, fc.record({ type: fc.constant('array'), items: leaf, maxItems: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }));
    const value = fc.oneof(small, fc.record({ a: small, b: small, c: small }, { requiredKeys: [] }), fc.array(small, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
    // Pairs that overlap: independent, or one side with some keywords dropped, either way round.
    const dropSome = (s: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => fc.subarray(Object.keys(s)).map((keep) => Object.fromEntries(Object.entries(s).filter(([k]) => keep.includes(k))));
    const pair = fc.oneof(
      fc.tuple(schema, schema),
      schema.chain((a) => fc.tuple(fc.constant(a), dropSome(a))),
      schema.chain((a) => fc.tuple(dropSome(a), fc.constant(a))),
      schema.chain((a) => fc.tuple(fc.constant(a), schema.map((b) => ({ ...a, ...b })))),
    );
    let claims = 0;
    fc.assert(
      fc.property(pair, fc.array(value, { minLength: 20, maxLength: 40 }), ([a, b], values) => {
        const verdict = compareSchemas(a, b);
        if (verdict === 'unknown') return;
        claims += 1;
        const va = ajv.compile(a);
        const vb = ajv.compile(b);
        for (const v of values) {
          if (verdict !== 'narrowed' && va(v)) expect(vb(v), `${verdict}: ${JSON.stringify(v)} passes old ${JSON.stringify(a)} but not new ${JSON.stringify(b)}`).toBe(true);
          if (verdict !== 'widened' && vb(v)) expect(va(v), `${verdict}: ${JSON.stringify(v)} passes new ${JSON.stringify(b)} but not old ${JSON.stringify(a)}`).toBe(true);
        }
      }),
      propertyParams('compareSchemas soundness', 800),
    );
    // The grammar must make the rule claim something often, or the check proves nothing.
    expect(claims).toBeGreaterThan(160);
  });
});
