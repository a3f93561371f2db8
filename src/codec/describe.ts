import { isCodecError } from './codec-error.js';
import { encode } from './encode.js';
import { formatValue, hexRange } from './_internals/render.js';
import { walk, type Segment } from './_internals/walk.js';
import { formatSignature, type FieldValue, type Signature } from './signature.js';

export { valuesToJson } from './values-json.js';

// Longer fields show this many bytes and a count of the rest: views go into messages.
const BYTES_SHOWN = 24;

interface Row {
  readonly offset: string;
  readonly label: string;
  readonly hex: string;
  readonly note: string;
}

function rowOf(bytes: Uint8Array, segment: Segment, value?: string): Row {
  const start = segment.prefixEnd ?? segment.offset;
  const prefix = segment.prefixEnd === undefined ? '' : `[${hexRange(bytes, segment.offset, segment.prefixEnd)}] `;
  const hex = `${prefix}${hexRange(bytes, start, segment.end, BYTES_SHOWN)}`.trimEnd();
  const note = segment.problem === undefined ? (value ?? formatValue(segment.value)) : `!! ${segment.problem}`;
  return { offset: String(segment.offset), label: segment.label, hex, note };
}

function table(title: string, rows: readonly Row[]): string {
  const all: Row[] = [{ offset: 'offset', label: 'field', hex: 'bytes ([length prefix] content)', note: 'value' }, ...rows];
  const w = {
    offset: Math.max(...all.map((r) => r.offset.length)),
    label: Math.max(...all.map((r) => r.label.length)),
    hex: Math.max(...all.map((r) => r.hex.length)),
  };
  const lines = all.map((r) => `  ${r.offset.padStart(w.offset)}  ${r.label.padEnd(w.label)}  ${r.hex.padEnd(w.hex)}  ${r.note}`.trimEnd());
  return [title, ...lines].join('\n');
}

/**
 * A hex view of `bytes` read as `signature`: one line per field with its
 * offset, length prefix, content bytes and decoded value. Never throws; the
 * first unreadable field is marked with `!!` and the reason.
 */
export function describeBytes(signature: Signature, bytes: Uint8Array): string {
  const rows = walk(signature, bytes).map((segment) => rowOf(bytes, segment));
  if (rows.length === 0) rows.push({ offset: '0', label: '(no fields)', hex: '', note: '' });
  return table(`${bytes.length} bytes as ${formatSignature(signature)}`, rows);
}

/**
 * The given values beside the bytes they encode to, for failure messages.
 * A value that changes on the way (an f32 rounded by Math.fround) shows both;
 * values that cannot be encoded are listed with the reason.
 */
export function describeValues(signature: Signature, values: readonly FieldValue[] | unknown): string {
  let bytes: Uint8Array;
  try {
    bytes = encode(signature, values);
  } catch (error) {
    if (!isCodecError(error)) throw error;
    const listed = Array.isArray(values) ? values.map((v, i) => `  #${i} ${formatValue(v)}`).join('\n') : `  ${formatValue(values)}`;
    return `values for ${formatSignature(signature)} cannot be encoded: ${error.message}\n${listed}`;
  }
  const given: unknown[] = signature.kind === 'packed' && Array.isArray(values) ? values : [values];
  const rows = walk(signature, bytes).map((segment, index) => {
    const wanted = formatValue(given[index]);
    const sent = formatValue(segment.value);
    return rowOf(bytes, segment, wanted === sent ? sent : `${wanted} (sent as ${sent})`);
  });
  if (rows.length === 0) rows.push({ offset: '0', label: '(no fields)', hex: '', note: '' });
  return table(`values ${formatSignature(signature)} → ${bytes.length} bytes`, rows);
}
