/** The four packed field types of a kegs payload. */
export type FieldType = 'i64' | 'f32' | 'str' | 'bin';

/** One field of a packed payload, in order. */
export interface Field {
  readonly name: string;
  readonly type: FieldType;
}

/**
 * How a single-argument function frames its raw input or output:
 * UTF-8 text, bytes as they are, UTF-8 JSON text, or nothing at all.
 */
export type RawFraming = 'string' | 'bytes' | 'json' | 'none';

/**
 * The shape of a payload: either a packed struct (fields follow each other,
 * little-endian, no tags, no alignment) or one raw value.
 */
export type Signature =
  | { readonly kind: 'packed'; readonly fields: readonly Field[] }
  | { readonly kind: 'raw'; readonly framing: RawFraming };

/** A decoded packed field: i64 as bigint, f32 as number, str as string, bin as Uint8Array. */
export type FieldValue = bigint | number | string | Uint8Array;

/** Every field type, in a stable order. */
export const FIELD_TYPES: readonly FieldType[] = ['i64', 'f32', 'str', 'bin'];

/** Every raw framing, in a stable order. */
export const RAW_FRAMINGS: readonly RawFraming[] = ['string', 'bytes', 'json', 'none'];

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

export function isRawFraming(value: unknown): value is RawFraming {
  return typeof value === 'string' && (RAW_FRAMINGS as readonly string[]).includes(value);
}

/** Builds a packed signature; `fields` may be given as `[name, type]` pairs for brevity. */
export function packed(fields: readonly (Field | readonly [string, FieldType])[]): Signature {
  return {
    kind: 'packed',
    fields: fields.map((f) => (Array.isArray(f) ? { name: f[0], type: f[1] } : (f as Field))),
  };
}

/** Builds a raw signature. */
export function raw(framing: RawFraming): Signature {
  return { kind: 'raw', framing };
}

/** Renders a signature for messages: `(a: i64, s: str)` or `raw json`. */
export function formatSignature(signature: Signature): string {
  if (signature.kind === 'raw') return `raw ${signature.framing}`;
  return `(${signature.fields.map((f) => `${f.name}: ${f.type}`).join(', ')})`;
}
