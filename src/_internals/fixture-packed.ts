// A deliberately small keg payload codec for the fixture-keg guard test. It
// does not reuse src/codec on purpose: the fixtures must be checked by code
// that cannot share a bug with the codec the runner uses on them.

export interface PackedField {
  readonly name: string;
  readonly type: 'i64' | 'f32' | 'str' | 'bin';
}

export type PackedValue = bigint | number | string | Uint8Array;

export function encodePacked(fields: readonly PackedField[], values: readonly PackedValue[]): Uint8Array {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Uint8Array): void => {
    const prefix = Buffer.alloc(8);
    prefix.writeBigInt64LE(BigInt(bytes.byteLength));
    parts.push(prefix, Buffer.from(bytes));
  };
  fields.forEach((field, i) => {
    const value = values[i];
    switch (field.type) {
      case 'i64': {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt(value as bigint));
        parts.push(b);
        break;
      }
      case 'f32': {
        const b = Buffer.alloc(4);
        b.writeFloatLE(value as number);
        parts.push(b);
        break;
      }
      case 'str':
        lengthPrefixed(Buffer.from(value as string, 'utf8'));
        break;
      case 'bin':
        lengthPrefixed(value as Uint8Array);
        break;
    }
  });
  return new Uint8Array(Buffer.concat(parts));
}

/** Strict: truncation, bad UTF-8 and trailing bytes all throw. */
export function decodePacked(fields: readonly PackedField[], bytes: Uint8Array): PackedValue[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, what: string): void => {
    if (n < 0 || at + n > buf.length) throw new Error(`${what}: needs ${n} bytes at offset ${at}, ${buf.length - at} left`);
  };
  const values = fields.map((field): PackedValue => {
    switch (field.type) {
      case 'i64': {
        need(8, field.name);
        const v = buf.readBigInt64LE(at);
        at += 8;
        return v;
      }
      case 'f32': {
        need(4, field.name);
        const v = buf.readFloatLE(at);
        at += 4;
        return v;
      }
      case 'str':
      case 'bin': {
        need(8, `${field.name} length`);
        const length = Number(buf.readBigInt64LE(at));
        at += 8;
        need(length, field.name);
        const raw = buf.subarray(at, at + length);
        at += length;
        return field.type === 'str' ? new TextDecoder('utf-8', { fatal: true }).decode(raw) : new Uint8Array(raw);
      }
    }
  });
  if (at !== buf.length) throw new Error(`${buf.length - at} trailing bytes after the last field`);
  return values;
}
