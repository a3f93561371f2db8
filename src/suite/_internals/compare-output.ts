import { userSchemaValidator } from '../../_internals/schema-validator.js';
import { isCodecError } from '../../codec/codec-error.js';
import { decode } from '../../codec/decode.js';
import { describeBytes } from '../../codec/describe.js';
import { equalFieldValues } from '../../codec/equal-values.js';
import type { Signature } from '../../codec/signature.js';
import { valuesToJson } from '../../codec/values-json.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { ExpectedLog, SuiteFunction } from '../suite.js';

// Why an observation does not meet what was expected; `diff` when both sides render.
export interface Mismatch {
  readonly message: string;
  readonly diff?: { readonly expected: string; readonly actual: string };
  readonly notes?: readonly string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Plugin failures that are the plugin's answer (an error the suite may expect), not the host giving up.
export const PLUGIN_ERROR_KINDS: ReadonlySet<string> = new Set(['plugin-error', 'trap', 'exit-code']);

export function describeFailure(result: CallResult): string {
  return result.kind === 'ok' ? 'ok' : `${result.kind}: ${result.message}`;
}

// Decoded output under a signature: strict unless `lenient`, so trailing or truncated bytes
// are mismatches; `trailing` counts what a lenient decode skipped so a check can say so.
export type DecodedOutput =
  | { readonly ok: true; readonly value: unknown; readonly trailing: number }
  | { readonly ok: false; readonly message: string };

export function decodeOutput(signature: Signature, bytes: Uint8Array, lenient = false): DecodedOutput {
  try {
    const decoded = decode(signature, bytes, { copyBytes: true, lenient });
    return { ok: true, value: decoded.values, trailing: decoded.trailingBytes };
  } catch (error) {
    // The code leads so a report reader can tell a trailing-bytes failure (which lenient_decode would accept) from a broken payload.
    if (isCodecError(error)) return { ok: false, message: `${error.code}: ${error.message}` };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

// The note a passing check carries when it passed only because trailing bytes were ignored.
export function lenientNote(fn: SuiteFunction, bytes: Uint8Array, trailing: number): string {
  const offset = bytes.length - trailing;
  const fields = fn.output.kind === 'packed' ? fn.output.fields : [];
  const last = fields.length - 1;
  const after = last < 0 ? 'an empty payload' : `field #${last} "${fields[last]?.name ?? ''}"`;
  return `lenient decode needed: '${fn.name}' returned ${trailing} trailing byte${trailing === 1 ? '' : 's'} at offset ${offset} after ${after}`;
}

// Text for diffs: JSON pretty-printed with bigints and bytes made readable.
export function renderValue(value: unknown): string {
  return JSON.stringify(valuesToJson(value), null, 2) ?? 'undefined';
}

// A hex view of output bytes under the function's output signature (never throws).
export function outputHex(fn: SuiteFunction, bytes: Uint8Array): string {
  return describeBytes(fn.output, bytes);
}

// JSON equality where numbers may differ by `tolerance`; object key order does not matter.
export function equalJson(a: unknown, b: unknown, tolerance = 0): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= tolerance;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => equalJson(v, b[i], tolerance));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance));
  }
  return Object.is(a, b);
}

// Value lists of a signature, equal field by field; f32 fields may differ by `tolerance`.
export function equalDecoded(signature: Signature, a: unknown, b: unknown, tolerance = 0): boolean {
  if (signature.kind === 'raw') {
    if (signature.framing === 'json') return equalJson(a, b, tolerance);
    if (signature.framing === 'bytes') return a instanceof Uint8Array && b instanceof Uint8Array && equalFieldValues('bin', a, b);
    if (signature.framing === 'none') return true;
    return a === b;
  }
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return signature.fields.every((field, i) => {
    const x: unknown = a[i];
    const y: unknown = b[i];
    if (field.type === 'f32' && tolerance > 0 && typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= tolerance) return true;
    return equalFieldValues(field.type, x, y);
  });
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return equalFieldValues('bin', a, b);
}

// Output text as UTF-8, or a mismatch when the bytes are not UTF-8.
export function outputText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, message: `output is not valid UTF-8 (${bytes.length} bytes)` };
  }
}

// Validates a decoded json output against a function's output_schema; a message per problem.
export function outputSchemaProblems(fn: SuiteFunction, value: unknown): string[] {
  if (fn.outputSchema === undefined) return [];
  const validate = userSchemaValidator(fn.outputSchema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `output${e.instancePath === '' ? '' : e.instancePath} ${e.message ?? e.keyword}`);
}

export function sideEffectMismatch(
  result: CallResult,
  expected: { prints?: readonly string[]; logs?: readonly ExpectedLog[]; staticReads?: readonly string[] },
): Mismatch | undefined {
  if (expected.prints !== undefined && !equalJson(result.prints, expected.prints)) {
    return { message: 'prints differ', diff: { expected: renderValue(expected.prints), actual: renderValue(result.prints) } };
  }
  if (expected.logs !== undefined) {
    const actual = result.logs.map((l) => ({ level: l.level, text: l.text }));
    if (!equalJson(actual, expected.logs)) return { message: 'logs differ', diff: { expected: renderValue(expected.logs), actual: renderValue(actual) } };
  }
  if (expected.staticReads !== undefined) {
    const actual = result.staticReads.map((r) => r.path);
    if (!equalJson(actual, expected.staticReads)) {
      return { message: 'static resource reads differ', diff: { expected: renderValue(expected.staticReads), actual: renderValue(result.staticReads) } };
    }
  }
  return undefined;
}
