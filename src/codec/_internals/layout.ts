import { CodecError } from '../codec-error.js';
import type { Field } from '../signature.js';

export const I64 = 0;
export const F32 = 1;
export const STR = 2;
export const BIN = 3;

/** Per-signature facts computed once, so encode and decode do no per-field lookups. */
export interface Layout {
  /** Field kinds as small integers (I64, F32, STR, BIN). */
  readonly kinds: Uint8Array;
}

const cache = new WeakMap<readonly Field[], Layout>();

/** The layout of `fields`, cached by array identity (signatures are immutable). */
// Runs of calls with one signature (a property test, a bench) skip the WeakMap.
let lastFields: readonly Field[] | undefined;
let lastLayout: Layout | undefined;

export function layoutOf(fields: readonly Field[]): Layout {
  if (fields === lastFields && lastLayout !== undefined) return lastLayout;
  let layout = cache.get(fields);
  if (layout === undefined) {
    layout = computeLayout(fields);
    cache.set(fields, layout);
  }
  lastFields = fields;
  lastLayout = layout;
  return layout;
}

function computeLayout(fields: readonly Field[]): Layout {
  if (!Array.isArray(fields)) {
    throw new CodecError('codec-signature', 'a packed signature needs an array of fields', { offset: 0, expected: 'fields: Field[]' });
  }
  const kinds = new Uint8Array(fields.length);
  fields.forEach((field, index) => {
    switch (field?.type) {
      case 'i64':
        kinds[index] = I64;
        break;
      case 'f32':
        kinds[index] = F32;
        break;
      case 'str':
        kinds[index] = STR;
        break;
      case 'bin':
        kinds[index] = BIN;
        break;
      default:
        throw new CodecError('codec-signature', `field #${index} has type ${JSON.stringify(field?.type)}, expected one of i64, f32, str, bin`, {
          fieldIndex: index,
          fieldName: field?.name,
          offset: 0,
          expected: 'i64 | f32 | str | bin',
        });
    }
  });
  return { kinds };
}
