import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSchemaArbitrary } from './json-schema-arbitrary.js';
import { invalidInputArbitrary, MUTATION_KINDS, type InvalidInput } from './json-schema-mutations.js';

const SEED = 4242;
const SCHEMA = {
  type: 'object',
  required: ['op', 'a', 'items'],
  additionalProperties: false,
  properties: {
    op: { enum: ['add', 'neg'] },
    a: { type: 'integer', minimum: -10, maximum: 10 },
    items: { type: 'array', maxItems: 3, items: { type: 'object', required: ['k'], properties: { k: { type: 'string', maxLength: 4 } } } },
    flag: { type: 'boolean' },
  },
};

function invalidInputs(schema: object): fc.Arbitrary<InvalidInput> {
  const built = jsonSchemaArbitrary(schema);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return invalidInputArbitrary(built.arbitrary, built.compiled);
}

const parsed = (input: InvalidInput): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(input.bytes)) };
  } catch {
    return { ok: false };
  }
};

describe('invalidInputArbitrary', () => {
  it(`every input breaks the schema, as its rule says (seed ${SEED})`, () => {
    const validate = new Ajv2020({ strict: false }).compile(SCHEMA);
    fc.assert(
      fc.property(invalidInputs(SCHEMA), (input) => {
        const sent = parsed(input);
        if (input.broke.mutation === 'malformed-json') return !sent.ok;
        if (!sent.ok || validate(sent.value)) return false;
        // The rule named is one ajv reports for the value sent.
        return (validate.errors ?? []).some((e) => e.keyword === input.broke.keyword && e.instancePath === input.broke.instancePath);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('reaches every mutation kind, with the keyword each one breaks', () => {
    const inputs = fc.sample(invalidInputs(SCHEMA), { seed: SEED, numRuns: 500 });
    const kinds = new Map(inputs.map((i) => [i.broke.mutation, i.broke.keyword]));
    expect([...kinds.keys()].sort()).toEqual([...MUTATION_KINDS].sort());
    expect(kinds.get('missing-required')).toBe('required');
    expect(kinds.get('malformed-json')).toBe('json');
    expect(inputs.some((i) => i.broke.mutation === 'extra-key' && i.broke.keyword === 'additionalProperties')).toBe(true);
    expect(inputs.some((i) => i.broke.mutation === 'out-of-range' && ['minimum', 'maximum', 'type', 'maxItems', 'maxLength'].includes(i.broke.keyword))).toBe(true);
  });

  it('falls back to malformed JSON when no value mutation can break an open schema', () => {
    const inputs = fc.sample(invalidInputs({}), { seed: SEED, numRuns: 50 });
    expect(inputs.every((i) => i.broke.mutation === 'malformed-json' && !parsed(i).ok)).toBe(true);
  });

  it('shrinks: the smallest input that lacks a required key', () => {
    const details = fc.check(fc.property(invalidInputs(SCHEMA), (i) => i.broke.mutation !== 'missing-required'), { seed: SEED, numRuns: 200 });
    expect(details.failed).toBe(true);
    const [smallest] = details.counterexample as [InvalidInput];
    expect(smallest.broke.keyword).toBe('required');
    expect(Object.keys(smallest.value as object).length).toBe(2);
  });
});
