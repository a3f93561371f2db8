import { isCodecError, type CodecError } from './codec-error.js';
import { decode } from './decode.js';
import { describeBytes, describeValues } from './describe.js';
import { firstDifference } from './equal-values.js';
import { formatValue } from './_internals/render.js';
import type { FieldValue, Signature } from './signature.js';

/** What came back from an echo-shaped call, compared with what was sent. */
export type RoundTripResult =
  | { readonly status: 'equal'; readonly notes: readonly string[] }
  | {
      readonly status: 'different';
      /** First differing field (0 for raw signatures). */
      readonly fieldIndex: number;
      readonly received: FieldValue[] | unknown;
      readonly notes: readonly string[];
      readonly message: string;
    }
  | { readonly status: 'undecodable'; readonly error: CodecError; readonly message: string };

/**
 * Decodes `received` under `signature` and compares it with `sent`, for
 * roundtrip checks of a guest codec. Failure messages show the sent values
 * beside their bytes and a hex view of what came back; a decode failure names
 * the field, the offset and what was expected.
 */
export function compareRoundTrip(
  signature: Signature,
  sent: readonly FieldValue[] | unknown,
  received: Uint8Array,
  options: { lenient?: boolean } = {},
): RoundTripResult {
  let decoded;
  try {
    decoded = decode(signature, received, options.lenient === true ? { lenient: true } : {});
  } catch (error) {
    if (!isCodecError(error)) throw error;
    return {
      status: 'undecodable',
      error,
      message: `the output does not decode: ${error.message}\nsent:\n${describeValues(signature, sent)}`,
    };
  }
  const index = firstDifference(signature, sent, decoded.values);
  if (index === -1) return { status: 'equal', notes: decoded.notes };
  const fieldIndex = index === 'shape' ? 0 : index;
  const field = signature.kind === 'packed' ? signature.fields[fieldIndex] : undefined;
  const pick = (values: unknown): unknown => (signature.kind === 'packed' && Array.isArray(values) ? values[fieldIndex] : values);
  const where = field === undefined ? `raw ${signature.kind === 'raw' ? signature.framing : ''}`.trim() : `field #${fieldIndex} "${field.name}" (${field.type})`;
  return {
    status: 'different',
    fieldIndex,
    received: decoded.values,
    notes: decoded.notes,
    message:
      `${where} came back as ${formatValue(pick(decoded.values))}, sent ${formatValue(pick(sent))}\n` +
      `sent:\n${describeValues(signature, sent)}\nreceived:\n${describeBytes(signature, received)}`,
  };
}
