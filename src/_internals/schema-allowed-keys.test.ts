import { describe, expect, it } from 'vitest';
import { allowedKeysAt } from './schema-allowed-keys.js';

const SCHEMA = {
  type: 'object',
  properties: {
    list: { type: 'array', items: { $ref: '#/$defs/entry' } },
    pair: { type: 'array', prefixItems: [{ properties: { first: {} } }, { properties: { second: {} } }] },
    map: { type: 'object', additionalProperties: { $ref: '#/$defs/entry' } },
    tagged: { patternProperties: { '^x-': { properties: { ext: {} } } } },
    either: { oneOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
  },
  $defs: {
    base: { properties: { id: {} } },
    entry: { $ref: '#/$defs/base', properties: { name: {}, 'odd/key': { properties: { inner: {} } } }, unevaluatedProperties: false },
  },
};

describe('allowedKeysAt', () => {
  it('lists the keys at the root and through $ref, items and additionalProperties', () => {
    expect(allowedKeysAt(SCHEMA, '')).toEqual(['list', 'pair', 'map', 'tagged', 'either']);
    expect(allowedKeysAt(SCHEMA, '/list/3')).toEqual(['name', 'odd/key', 'id']);
    expect(allowedKeysAt(SCHEMA, '/map/anything')).toEqual(['name', 'odd/key', 'id']);
    expect(allowedKeysAt(SCHEMA, '/list/0/odd~1key')).toEqual(['inner']);
  });

  it('follows prefixItems, patternProperties and every branch of oneOf', () => {
    expect(allowedKeysAt(SCHEMA, '/pair/1')).toEqual(['second']);
    expect(allowedKeysAt(SCHEMA, '/tagged/x-one')).toEqual(['ext']);
    expect(allowedKeysAt(SCHEMA, '/either')).toEqual(['a', 'b']);
  });

  it('is empty for a place the schema does not describe', () => {
    expect(allowedKeysAt(SCHEMA, '/nowhere/deep')).toEqual([]);
    expect(allowedKeysAt(SCHEMA, '/tagged/plain')).toEqual([]);
    expect(allowedKeysAt({ $ref: 'https://elsewhere/schema.json' }, '')).toEqual([]);
  });
});
