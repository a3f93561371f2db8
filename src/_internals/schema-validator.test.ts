import { describe, expect, it } from 'vitest';
import { userSchemaValidator } from './schema-validator.js';

describe('userSchemaValidator', () => {
  it('finds the validator of a copy of a schema again (worker tasks get copies), without mixing different schemas', () => {
    const schema = { type: 'object', properties: { count: { type: 'integer', minimum: 0 } }, required: ['count'] };
    const first = userSchemaValidator(schema);
    const copy = userSchemaValidator(structuredClone(schema));
    expect(copy).toBe(first);
    const other = userSchemaValidator({ ...schema, required: [] });
    expect(other).not.toBe(first);
    expect(first({ count: 2 })).toBe(true);
    expect(first({})).toBe(false);
    expect(other({})).toBe(true);
  });

  it('still compiles a schema whose copies were dropped from the bounded cache', () => {
    const schemas = Array.from({ length: 80 }, (_, i) => ({ type: 'integer', maximum: i }));
    const validators = schemas.map((s) => userSchemaValidator(s));
    // The first ones left the text cache; a fresh copy compiles again and still judges right.
    const again = userSchemaValidator(structuredClone(schemas[0]) as object);
    expect(again).not.toBe(validators[0]);
    expect(again(0)).toBe(true);
    expect(again(1)).toBe(false);
    // A recent one is still found by its text.
    expect(userSchemaValidator(structuredClone(schemas[79]) as object)).toBe(validators[79]);
  });
});
