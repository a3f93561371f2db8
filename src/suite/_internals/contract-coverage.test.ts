import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../codec/json-schema-validator.js';
import { ContractCoverage } from './contract-coverage.js';

const SCHEMA = {
  type: 'object',
  required: ['shape'],
  properties: {
    shape: { oneOf: [{ $ref: '#/$defs/circle' }, { $ref: '#/$defs/square' }] },
    unit: { enum: ['cm', 'in'] },
    tag: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  },
  $defs: {
    circle: { type: 'object', required: ['r'], properties: { r: { type: 'number' }, filled: { type: 'boolean' } } },
    square: { type: 'object', required: ['side'], properties: { side: { type: 'number' } } },
  },
};

describe('ContractCoverage', () => {
  it('lists every branch and counts case and property inputs separately, following $refs', () => {
    const coverage = new ContractCoverage(SCHEMA, compileSchema(SCHEMA));
    coverage.record({ shape: { r: 1 }, unit: 'cm' }, 'case');
    coverage.record({ shape: { r: 2, filled: true }, tag: 3 }, 'property');
    coverage.record({ shape: { side: 2 }, unit: 'cm', tag: 'x' }, 'property');
    const byLabel = Object.fromEntries(coverage.snapshot().map((b) => [`${b.pointer} ${b.label}`, [b.cases, b.propertyRuns]]));
    expect(byLabel).toEqual({
      '/properties/shape/oneOf/0 oneOf[0] (#/$defs/circle)': [1, 1],
      '/properties/shape/oneOf/1 oneOf[1] (#/$defs/square)': [0, 1],
      '/properties/unit/enum/0 enum "cm"': [1, 1],
      '/properties/unit/enum/1 enum "in"': [0, 0],
      '/properties/tag/anyOf/0 anyOf[0]': [0, 1],
      '/properties/tag/anyOf/1 anyOf[1]': [0, 1],
      '/properties/unit "unit" present': [1, 1],
      '/properties/unit "unit" absent': [0, 1],
      '/properties/tag "tag" present': [0, 2],
      '/properties/tag "tag" absent': [1, 0],
      // Inside a $def: reached through the oneOf alternative's $ref.
      '/$defs/circle/properties/filled "filled" present': [0, 1],
      '/$defs/circle/properties/filled "filled" absent': [1, 0],
    });
  });
});
