import createPlugin, { type Plugin } from '@extism/extism';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../build/build-plugin.js';
import { propertyParams } from './_internals/property-params.js';
import { signatureArbitrary, valuesArbitrary } from './arbitraries.js';
import { encode } from './encode.js';
import { compareRoundTrip } from './round-trip.js';
import { packed, type FieldValue, type Signature } from './signature.js';

// The guest half of the codec, twice: compiled from AssemblyScript and from
// Rust in fixtures/codec, with the same exports.
const guests = [
  ['AssemblyScript', '../../fixtures/codec/codec_echo/plugins/codec_echo/'],
  ['Rust', '../../fixtures/codec/codec_echo_rust/plugins/codec_echo/'],
] as const;
const CASES = 1000;

// @extism/extism 1.0.3 sends a view's whole underlying ArrayBuffer, so views are copied to exact size first.
async function call(plugin: Plugin, name: string, input: Uint8Array): Promise<Uint8Array> {
  const exact = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input : input.slice();
  const output = await plugin.call(name, exact);
  return output === null ? new Uint8Array(0) : output.bytes();
}

async function assertEcho(plugin: Plugin, name: string, signature: Signature, values: FieldValue[] | unknown, prefix: Uint8Array = new Uint8Array(0)): Promise<void> {
  const body = encode(signature, values);
  const input = new Uint8Array(prefix.length + body.length);
  input.set(prefix);
  input.set(body, prefix.length);
  const result = compareRoundTrip(signature, values, await call(plugin, name, input));
  if (result.status !== 'equal') throw new Error(`${name}: ${result.message}`);
}

const shapes: [string, Signature][] = [
  ['echo_i64', packed([['n', 'i64']])],
  ['echo_f32', packed([['x', 'f32']])],
  ['echo_str', packed([['s', 'str']])],
  ['echo_bin', packed([['b', 'bin']])],
  [
    'echo_mixed',
    packed([
      ['a', 'i64'],
      ['x', 'f32'],
      ['s', 'str'],
      ['b', 'bin'],
      ['n', 'i64'],
      ['t', 'str'],
    ]),
  ],
];

describe.each(guests)('round trips through the %s guest codec (real wasm, @extism/extism)', (language, relativeDir) => {
  let plugin: Plugin;

  beforeAll(async () => {
    // Built here too (skipped when up to date) so this file does not depend on the whole fixture tree building.
    const { wasmPath } = await buildPlugin(fileURLToPath(new URL(relativeDir, import.meta.url)));
    plugin = await createPlugin({ wasm: [{ data: await readFile(wasmPath) }] }, { useWasi: false });
  });

  afterAll(async () => {
    await plugin?.close();
  });

  for (const [name, signature] of shapes) {
    it(`${name}: ${CASES} generated payloads come back equal`, async () => {
      await fc.assert(
        fc.asyncProperty(valuesArbitrary(signature), (values) => assertEcho(plugin, name, signature, values)),
        propertyParams(`${language} ${name}`, CASES),
      );
    });
  }

  it(`echo_shape: ${CASES} generated signatures of 0-16 fields come back equal`, async () => {
    const letters = { i64: 'i', f32: 'f', str: 's', bin: 'b' } as const;
    const shapeField = packed([['shape', 'str']]);
    await fc.assert(
      fc.asyncProperty(
        signatureArbitrary({ maxFields: 16 }).chain((s) => fc.tuple(fc.constant(s), valuesArbitrary(s))),
        async ([signature, values]) => {
          const shape = signature.kind === 'packed' ? signature.fields.map((f) => letters[f.type]).join('') : '';
          await assertEcho(plugin, 'echo_shape', signature, values, encode(shapeField, [shape]));
        },
      ),
      propertyParams(`${language} echo_shape`, CASES),
    );
  });

  it('the guest rejects a truncated payload with an Extism error', async () => {
    const good = encode(shapes[4]![1], [1n, 1, 'abc', new Uint8Array([1]), 2n, 'x']);
    await expect(call(plugin, 'echo_mixed', good.subarray(0, good.length - 1))).rejects.toThrow(/truncated|beyond the end/);
    await expect(call(plugin, 'echo_str', new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0xff]))).rejects.toThrow(/invalid UTF-8 at offset 8/);
    await expect(call(plugin, 'echo_i64', new Uint8Array(9))).rejects.toThrow(/1 trailing bytes/);
  });

  it('a guest output that does not decode fails with the field, the offset and a hex view', async () => {
    // echo_bin hands back non-UTF-8 bytes; reading them as str must fail with a located error.
    const asStr = packed([['s', 'str']]);
    const output = await call(plugin, 'echo_bin', encode(packed([['b', 'bin']]), [new Uint8Array([0x68, 0xc3, 0x28])]));
    const result = compareRoundTrip(asStr, ['h?('], output);
    expect(result.status).toBe('undecodable');
    if (result.status !== 'undecodable') return;
    expect(result.error.code).toBe('codec-invalid-utf8');
    expect(result.message).toContain('field #0 "s" (str)');
    expect(result.message).toContain('at offset 9');
    expect(result.message).toContain('[03 00 00 00 00 00 00 00] 68 c3 28');
  });

  it('a guest output that decodes to other values names the differing field', async () => {
    const sig = packed([
      ['a', 'i64'],
      ['b', 'i64'],
    ]);
    const output = await call(plugin, 'echo_shape', new Uint8Array([...encode(packed([['s', 'str']]), ['ii']), ...encode(sig, [1n, 2n])]));
    const result = compareRoundTrip(sig, [1n, 3n], output);
    expect(result.status).toBe('different');
    if (result.status !== 'different') return;
    expect(result.fieldIndex).toBe(1);
    expect(result.message).toContain('field #1 "b" (i64) came back as 2, sent 3');
    expect(result.message).toContain('02 00 00 00 00 00 00 00');
  });
});
