import { describe, expect, it } from 'vitest';
import { limitMemoryPages } from './limit-memory-pages.js';

// Hand-assembled modules: header, then one memory section with the given limits.
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const withMemory = (...limits: number[]): Uint8Array => Uint8Array.from([...HEADER, 0x05, limits.length + 1, 0x01, ...limits]);
const memoryOf = (bytes: Uint8Array) => {
  const module = new WebAssembly.Module(Uint8Array.from([...bytes, 0x07, 0x0a, 0x01, 0x06, ...new TextEncoder().encode('memory'), 0x02, 0x00]));
  return new WebAssembly.Instance(module).exports['memory'] as WebAssembly.Memory;
};

describe('limitMemoryPages', () => {
  it('adds a maximum to a memory declared without one', () => {
    const memory = memoryOf(limitMemoryPages(withMemory(0x00, 0x01), 4));
    expect(memory.grow(3)).toBe(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it('lowers a larger declared maximum and keeps a smaller one', () => {
    expect(() => memoryOf(limitMemoryPages(withMemory(0x01, 0x01, 0x80, 0x08), 2)).grow(2)).toThrow(RangeError);
    const small = memoryOf(limitMemoryPages(withMemory(0x01, 0x01, 0x02), 100));
    expect(() => small.grow(2)).toThrow(RangeError);
  });

  it('leaves a module without memory byte-for-byte alone', () => {
    const bare = Uint8Array.from(HEADER);
    expect(limitMemoryPages(bare, 8)).toEqual(bare);
  });

  it('refuses a memory that starts above the cap with memory-limit', () => {
    expect(() => limitMemoryPages(withMemory(0x00, 0x10), 8)).toThrow(expect.objectContaining({ code: 'memory-limit' }));
  });

  it('refuses bytes that are not a module', () => {
    expect(() => limitMemoryPages(new TextEncoder().encode('not wasm'), 8)).toThrow(expect.objectContaining({ code: 'wasm-malformed' }));
    expect(() => limitMemoryPages(Uint8Array.from([...HEADER, 0x05, 0x7f]), 8)).toThrow(expect.objectContaining({ code: 'wasm-malformed' }));
  });
});
