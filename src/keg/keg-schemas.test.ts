import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import KEG_SCHEMA from '../schemas/keg.schema.json' with { type: 'json' };
import METADATA_SCHEMA from '../schemas/metadata.schema.json' with { type: 'json' };
import { PLUGIN_NAME, PLUGIN_TYPE, SEMVER } from './_internals/check-manifest.js';

// The shipped schemas are for editors too, so they must compile under ajv's
// strict mode (unknown keywords, bad patterns and typos are errors there).
describe('shipped JSON Schemas', () => {
  const strict = new Ajv2020({ strict: true, allErrors: true });
  addFormatsModule.default(strict);

  it.each([
    ['keg.schema.json', KEG_SCHEMA],
    ['metadata.schema.json', METADATA_SCHEMA],
  ])('%s compiles in strict mode as draft 2020-12', (_name, schema) => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => strict.compile(schema)).not.toThrow();
  });

  it('uses the same patterns as the loader checks', () => {
    const defs = KEG_SCHEMA.$defs;
    expect(defs.packageTable.properties.version.pattern).toBe(SEMVER.source);
    expect(defs.plugin.properties.name.pattern).toBe(PLUGIN_NAME.source);
    expect(defs.plugin.properties.type.pattern).toBe(PLUGIN_TYPE.source);
    expect(METADATA_SCHEMA.properties.type.pattern).toBe(PLUGIN_TYPE.source);
  });
});
