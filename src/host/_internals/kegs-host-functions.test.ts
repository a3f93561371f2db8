import { describe, expect, it } from 'vitest';
import { decodeLogPayload, levelName } from './kegs-host-functions.js';

function payload(level: bigint, text: string, declared?: bigint): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(16 + body.length);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, level, true);
  view.setBigInt64(8, declared ?? BigInt(body.length), true);
  out.set(body, 16);
  return out;
}

describe('keg_log payloads', () => {
  it('names the six levels and shows others by number', () => {
    expect([0n, 10n, 20n, 30n, 40n, 50n].map(levelName)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'critical']);
    expect(levelName(25n)).toBe('level-25');
    expect(levelName(-1n)).toBe('level--1');
  });

  it('decodes level + length-prefixed UTF-8 text', () => {
    expect(decodeLogPayload(payload(30n, 'disk nearly full ✓'))).toEqual({ level: 'warn', text: 'disk nearly full ✓' });
  });

  it('turns truncated or lying payloads into an "invalid" record instead of throwing', () => {
    expect(decodeLogPayload(new Uint8Array(7)).level).toBe('invalid');
    expect(decodeLogPayload(payload(20n, 'abc', 99n))).toMatchObject({ level: 'invalid', text: expect.stringContaining('length 99') });
    expect(decodeLogPayload(payload(20n, 'abc', -1n)).level).toBe('invalid');
  });
});
