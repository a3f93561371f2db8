// Small text renderings shared by error messages and the describers.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Space-separated hex of `bytes[start, end)`, cut after `max` bytes with a count of the rest. */
export function hexRange(bytes: Uint8Array, start: number, end: number, max = Number.POSITIVE_INFINITY): string {
  const stop = Math.min(end, start + max, bytes.length);
  const parts: string[] = [];
  for (let i = start; i < stop; i++) parts.push(HEX[bytes[i]!]!);
  const rest = end - stop;
  if (rest > 0) parts.push(`… +${rest} bytes`);
  return parts.join(' ');
}

/** Compact hex (no spaces) of a whole buffer. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]!;
  return out;
}

/** Parses compact hex (whitespace allowed); undefined when it is not hex. */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function shortString(text: string, max = 48): string {
  const quoted = JSON.stringify(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${quoted}… (${text.length} chars)` : quoted;
}

/** A number as it would be written to keep -0 visible. */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/** What a JS value is, for "expected X, got Y" messages. */
export function describeJsValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `bigint ${value}`;
  if (typeof value === 'number') return `number ${formatNumber(value)}`;
  if (typeof value === 'string') return `string ${shortString(value)}`;
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.byteLength})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/** A decoded field value for the value column of a hex view. */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return shortString(value);
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value === undefined) return '(nothing)';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return describeJsValue(value);
  }
}

/** `1 byte`, `2 bytes`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
