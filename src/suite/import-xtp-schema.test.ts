import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import { importXtpSchema } from './import-xtp-schema.js';
import { parseSuite } from './load-suite.js';
import type { Suite } from './suite.js';

const XTP = fileURLToPath(new URL('../../fixtures/xtp-schemas/', import.meta.url));

async function imported(name: string, type = 'acme.test.xtp'): Promise<{ suite: Suite; toml: string; notes: readonly string[] }> {
  const result = await importXtpSchema(await readFile(join(XTP, name), 'utf8'), name, { type, version: '1.0.0' });
  const loaded = parseSuite(result.toml, join(XTP, name.replace('.yaml', '.suite.toml')));
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  return { suite: loaded.suite, toml: result.toml, notes: result.notes };
}

async function failure(yaml: string): Promise<{ code: string; keyPath?: string; line?: number }> {
  try {
    await importXtpSchema(yaml, 'bad.yaml', { type: 'acme.test.xtp' });
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    expect(error.location?.file).toBe('bad.yaml');
    return { code: error.code, ...(error.location?.keyPath === undefined ? {} : { keyPath: error.location.keyPath }), ...(error.location?.line === undefined ? {} : { line: error.location.line }) };
  }
  throw new Error('expected a KegcheckError');
}

describe('importXtpSchema', () => {
  it('vowel counter: string in, JSON out with the referenced schema inlined', async () => {
    const { suite } = await imported('vowelcounter.yaml', 'kegs.testing.vowelcounter');
    expect(suite).toMatchObject({ type: 'kegs.testing.vowelcounter', version: '1.0.0' });
    const fn = suite.functions[0];
    expect(fn).toMatchObject({ name: 'count_vowels', input: { kind: 'raw', framing: 'string' }, output: { kind: 'raw', framing: 'json' } });
    const validate = new Ajv2020({ strict: false }).compile(fn?.outputSchema ?? {});
    expect(validate({ count: 2 })).toBe(true);
    expect(validate({ count: 2, vowels: null })).toBe(true);
    expect(validate({ count: '2' })).toBe(false);
    expect(validate({})).toBe(false);
    expect(validate({ count: 2 ** 31 })).toBe(false); // format int32 becomes bounds
    expect(suite.properties.map((p) => `${p.function}:${p.check}`)).toEqual(['count_vowels:conforms']);
  });

  it('kitchen sink: every framing, refs, enums, nullable, maps, arrays, buffers, host stubs', async () => {
    const { suite, notes } = await imported('kitchen-sink.yaml');
    const framings = suite.functions.map((f) => `${f.name}: ${f.input.kind === 'raw' ? f.input.framing : 'packed'} -> ${f.output.kind === 'raw' ? f.output.framing : 'packed'}`);
    expect(framings).toEqual(['noop: none -> none', 'isStrong: string -> json', 'describeBeer: json -> json', 'rawLabel: bytes -> bytes']);
    const beer = suite.functions.find((f) => f.name === 'describeBeer')?.outputSchema as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(beer.required).toEqual(['brewer', 'alcoholic']);
    expect(beer.properties['brewer']).toEqual({ description: "Who brews it (this description wins over the component's)", enum: ['north', 'south', 'east', 'west'] });
    expect(beer.properties['bottledAt']?.['type']).toEqual(['string', 'null']);
    expect(beer.properties['tags']).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(beer.properties['pairsWith']).toMatchObject({ type: 'array', items: { enum: ['lager', 'stout', 'ipa', 'pilsner'] } });
    expect(beer.properties['label']).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    expect(beer.properties['volume']).toMatchObject({ type: 'integer', description: 'bottle size' });
    expect(suite.host.functions).toEqual([
      { name: 'pourGlass', returns: 'str', value: 'false' },
      { name: 'logBytes', returns: 'none' },
    ]);
    // JSON input with a schema: the conforms property is written commented out, and said so.
    expect(suite.properties.map((p) => p.function)).toEqual(['noop', 'isStrong', 'rawLabel']);
    expect(notes).toEqual(['describeBeer: the conforms property is commented out (JSON input with a schema)']);
  });

  it('image filter: binary host function, JSON host stub with a sample value', async () => {
    const { suite } = await imported('image-filter.yaml');
    expect(suite.functions.map((f) => f.name)).toEqual(['apply', 'configure', 'describe']);
    expect(suite.host.functions).toEqual([
      { name: 'loadLut', returns: 'bin', value: new Uint8Array() },
      { name: 'hostInfo', returns: 'str', value: '{"name":"","maxPixels":0}' },
    ]);
    const settings = suite.functions.find((f) => f.name === 'configure')?.outputSchema;
    expect(settings).toMatchObject({ type: 'object', required: ['mode', 'strength'], properties: { mode: { enum: ['sepia', 'grayscale', 'invert'] }, lut: { type: ['string', 'null'] } } });
  });

  it.each([
    ['unknown version', 'version: v2\nexports:\n  f: {}\n', { code: 'xtp-version', keyPath: 'version', line: 1 }],
    ['v0', 'version: v0\nexports: [f]\n', { code: 'xtp-version', keyPath: 'version' }],
    ['no version', 'exports:\n  f: {}\n', { code: 'xtp-version', keyPath: 'version' }],
    ['unknown content type', 'version: v1-draft\nexports:\n  f:\n    input:\n      type: string\n      contentType: text/html\n', { code: 'xtp-invalid', keyPath: 'exports.f.input.contentType', line: 6 }],
    ['missing ref', 'version: v1-draft\nexports:\n  f:\n    output:\n      contentType: application/json\n      $ref: "#/components/schemas/Nope"\n', { code: 'xtp-ref', keyPath: 'exports.f.output.$ref', line: 6 }],
    ['ref cycle', 'version: v1-draft\nexports:\n  f:\n    output:\n      contentType: application/json\n      $ref: "#/components/schemas/A"\ncomponents:\n  schemas:\n    A:\n      properties:\n        b:\n          $ref: "#/components/schemas/B"\n    B:\n      properties:\n        a:\n          $ref: "#/components/schemas/A"\n', { code: 'xtp-ref', keyPath: 'components.schemas.B.properties.a.$ref', line: 16 }],
    ['unknown type', 'version: v1-draft\nexports:\n  f:\n    output:\n      contentType: application/json\n      type: date\n', { code: 'xtp-invalid', keyPath: 'exports.f.output.type' }],
    ['no exports', 'version: v1-draft\nimports: {}\n', { code: 'xtp-invalid', keyPath: 'exports' }],
    ['bad export name', 'version: v1-draft\nexports:\n  "not-an-identifier": {}\n', { code: 'xtp-invalid', keyPath: 'exports.not-an-identifier' }],
    ['broken YAML', 'version: v1-draft\nexports:\n  f: [unclosed\n', { code: 'xtp-yaml' }],
  ])('refuses %s with file, key and line', async (_name, yaml, expected) => {
    expect(await failure(yaml)).toMatchObject(expected);
  });
});
