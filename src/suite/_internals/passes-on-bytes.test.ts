import { describe, expect, it } from 'vitest';
import { packed, raw } from '../../codec/signature.js';
import type { CallResult } from '../../host/plugin-spec.js';
import { passesOnBytes } from './passes-on-bytes.js';

const ok = (...bytes: number[]): CallResult => ({ kind: 'ok', output: Uint8Array.from(bytes), elapsedMs: 0, prints: [], logs: [], staticReads: [], hostCalls: [] });
const trap: CallResult = { kind: 'trap', message: 'unreachable', elapsedMs: 0, prints: [], logs: [], staticReads: [], hostCalls: [] };
const echo = { input: packed([['a', 'i64']]), output: packed([['x', 'i64']]) };
const sent = (...bytes: number[]): { plugin: { fn: string; input: Uint8Array }[] } => ({ plugin: [{ fn: 'echo', input: Uint8Array.from(bytes) }] });

describe('passesOnBytes', () => {
  it('accepts a roundtrip run whose output is the input byte for byte, and nothing else', () => {
    const passes = passesOnBytes('roundtrip', echo);
    expect(passes?.(sent(1, 2, 3), [ok(1, 2, 3)], undefined)).toBe(true);
    expect(passes?.(sent(1, 2, 3), [ok(1, 2, 4)], undefined)).toBe(false);
    expect(passes?.(sent(1, 2, 3), [ok(1, 2, 3, 0)], undefined)).toBe(false);
    expect(passes?.(sent(1, 2, 3), [trap], undefined)).toBe(false);
  });

  it('leaves a roundtrip between different layouts to the full check: equal bytes need not decode to equal values', () => {
    expect(passesOnBytes('roundtrip', { input: packed([['a', 'str']]), output: packed([['a', 'bin']]) })).toBeUndefined();
    expect(passesOnBytes('roundtrip', { input: raw('string'), output: raw('bytes') })).toBeUndefined();
    expect(passesOnBytes('roundtrip', { input: raw('string'), output: packed([['a', 'str']]) })).toBeUndefined();
    expect(passesOnBytes('roundtrip', { input: raw('json'), output: raw('json') })).toBeDefined();
  });

  it('accepts a deterministic run only when both calls succeeded with the same bytes', () => {
    const passes = passesOnBytes('deterministic', echo);
    expect(passes?.(sent(0), [ok(7, 7), ok(7, 7)], undefined)).toBe(true);
    expect(passes?.(sent(0), [ok(7, 7), ok(7, 8)], undefined)).toBe(false);
    expect(passes?.(sent(0), [trap, trap], undefined)).toBe(false);
    expect(passes?.(sent(0), [ok(7, 7)], undefined)).toBe(false);
  });

  it('accepts a matches_reference run only when plugin and reference returned the same bytes', () => {
    const passes = passesOnBytes('matches_reference', echo);
    expect(passes?.(sent(0), [ok(5)], [ok(5)])).toBe(true);
    expect(passes?.(sent(0), [ok(5)], [ok(6)])).toBe(false);
    expect(passes?.(sent(0), [ok(5)], undefined)).toBe(false);
    expect(passes?.(sent(0), [ok(5)], [trap])).toBe(false);
  });

  it('has nothing to offer conforms and oracle, which look at decoded values', () => {
    expect(passesOnBytes('conforms', echo)).toBeUndefined();
    expect(passesOnBytes('oracle', echo)).toBeUndefined();
  });
});
