import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyParams } from './_internals/property-params.js';
import { fieldArbitrary, signatureArbitrary, valuesArbitrary } from './arbitraries.js';
import { isCodecError } from './codec-error.js';
import { decode } from './decode.js';
import { describeBytes, describeValues } from './describe.js';
import { encode } from './encode.js';
import { equalValues, firstDifference } from './equal-values.js';
import { RAW_FRAMINGS, raw, type FieldType, type Signature } from './signature.js';

const RUNS = 10_000;
const utf8 = new TextEncoder();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

const signatureAndValues = signatureArbitrary({ maxFields: 16 }).chain((signature) =>
  fc.tuple(fc.constant(signature), valuesArbitrary(signature)),
);

// Bytes for one field built without the codec: little-endian prefix + content.
function fieldBytes(type: FieldType): fc.Arbitrary<Uint8Array> {
  switch (type) {
    case 'i64':
      // Random bytes rarely hit the extremes, so the edge values are mixed in as bytes too.
      return fc.oneof(
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fieldArbitrary({ type: 'i64' }).map((v) => {
          const out = new Uint8Array(8);
          new DataView(out.buffer).setBigInt64(0, v as bigint, true);
          return out;
        }),
      );
    case 'f32':
      // JS numbers cannot carry f32 NaN payloads, so NaN is only generated canonical.
      return fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => {
        const isNaN = (b[3]! & 0x7f) === 0x7f && (b[2]! & 0x80) === 0x80 && ((b[2]! & 0x7f) | b[1]! | b[0]!) !== 0;
        return isNaN ? new Uint8Array([0, 0, 0xc0, 0x7f]) : b;
      });
    case 'str':
      return fc.string({ unit: 'binary', maxLength: 40 }).map((s) => withPrefix(utf8.encode(s)));
    case 'bin':
      return fc.uint8Array({ maxLength: 40 }).map(withPrefix);
  }
}

function withPrefix(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + content.length);
  new DataView(out.buffer).setBigInt64(0, BigInt(content.length), true);
  out.set(content, 8);
  return out;
}

const signatureAndValidBytes = signatureArbitrary({ maxFields: 16 }).chain((signature) =>
  fc.tuple(
    fc.constant(signature),
    fc.tuple(...(signature.kind === 'packed' ? signature.fields : []).map((f) => fieldBytes(f.type))).map((parts) => new Uint8Array(Buffer.concat(parts))),
  ),
);

// Arbitrary bytes, plus valid encodings with a byte changed, cut short or extended:
// pure noise almost always fails at the first length prefix.
const hostileBytes = signatureArbitrary({ maxFields: 16 }).chain((signature) =>
  fc.tuple(
    fc.constant(signature),
    fc.oneof(
      fc.uint8Array({ maxLength: 96 }),
      fc
        .tuple(valuesArbitrary(signature), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'extend'))
        .map(([values, at, byte, how]) => {
          const bytes = encode(signature, values);
          if (how === 'cut') return bytes.subarray(0, bytes.length === 0 ? 0 : at % bytes.length);
          if (how === 'extend') return new Uint8Array([...bytes.subarray(0, 64), byte]);
          const copy = bytes.slice();
          if (copy.length > 0) copy[at % copy.length] = byte;
          return copy;
        }),
    ),
  ),
);

function roundTripFailure(signature: Signature, values: unknown, bytes: Uint8Array, back: unknown): Error {
  return new Error(
    `decode(encode(v)) differs at field ${String(firstDifference(signature, values, back))}\nsent:\n${describeValues(signature, values)}\nbytes decoded back:\n${describeBytes(signature, bytes)}`,
  );
}

describe('codec properties', () => {
  it('decode(encode(v)) equals v for packed signatures of 0-16 fields', () => {
    fc.assert(
      fc.property(signatureAndValues, ([signature, values]) => {
        const bytes = encode(signature, values);
        const back = decode(signature, bytes).values;
        if (!equalValues(signature, values, back)) throw roundTripFailure(signature, values, bytes, back);
      }),
      propertyParams('packed round trip', RUNS),
    );
  });

  it('decode(encode(v)) equals v for every raw framing', () => {
    const framed = fc.constantFrom(...RAW_FRAMINGS).chain((framing) => fc.tuple(fc.constant(raw(framing)), valuesArbitrary(raw(framing))));
    fc.assert(
      fc.property(framed, ([signature, value]) => {
        const bytes = encode(signature, value);
        const back = decode(signature, bytes).values;
        if (!equalValues(signature, value, back)) throw roundTripFailure(signature, value, bytes, back);
      }),
      propertyParams('raw round trip', RUNS),
    );
  });

  it('encode(decode(b)) equals b for every valid buffer', () => {
    fc.assert(
      fc.property(signatureAndValidBytes, ([signature, bytes]) => {
        const again = encode(signature, decode(signature, bytes).values);
        if (!sameBytes(again, bytes)) throw new Error(`re-encoding changed the bytes\nwas:\n${describeBytes(signature, bytes)}\nnow:\n${describeBytes(signature, again)}`);
      }),
      propertyParams('bytes round trip', RUNS),
    );
  });

  it('decode on hostile bytes only returns or throws CodecError, and what it returns re-encodes to the same bytes', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(hostileBytes, fc.boolean(), ([signature, bytes], lenient) => {
        describeBytes(signature, bytes);
        let decoded;
        try {
          decoded = decode(signature, bytes, { lenient });
        } catch (error) {
          if (!isCodecError(error)) throw error;
          // Every rejection is located: an offset inside the buffer, a field of the signature, and a hex view.
          const fields = signature.kind === 'packed' ? signature.fields.length : 0;
          if (error.offset < 0 || error.offset > bytes.length) throw new Error(`offset ${error.offset} outside ${bytes.length} bytes: ${error.message}`);
          if (error.fieldIndex !== undefined && (error.fieldIndex < 0 || error.fieldIndex >= fields)) throw new Error(`field ${error.fieldIndex} of ${fields}`);
          if (!error.message.includes(`offset ${error.offset}`) || !error.message.includes(`${bytes.length} bytes as`)) throw new Error(`message lacks offset or hex view: ${error.message}`);
          rejected++;
          return;
        }
        accepted++;
        const consumed = bytes.subarray(0, bytes.length - decoded.trailingBytes);
        const nanPayload = decoded.notes.some((n) => n.includes('f32 NaN with bits'));
        if (!nanPayload && !sameBytes(encode(signature, decoded.values), consumed)) throw new Error(`accepted bytes do not re-encode\n${describeBytes(signature, bytes)}`);
      }),
      propertyParams('hostile bytes', RUNS),
    );
    // Both branches must be exercised, or the property proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('decode on arbitrary bytes under raw framings only returns or throws CodecError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RAW_FRAMINGS), fc.uint8Array({ maxLength: 64 }), fc.boolean(), (framing, bytes, lenient) => {
        try {
          decode(raw(framing), bytes, { lenient });
        } catch (error) {
          if (!isCodecError(error)) throw error;
        }
      }),
      propertyParams('raw hostile bytes', RUNS),
    );
  });
});
