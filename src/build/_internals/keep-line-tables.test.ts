import { describe, expect, it } from 'vitest';
import { keepLineTables } from './keep-line-tables.js';

function custom(name: string, payload: number[]): number[] {
  const body = [name.length, ...Buffer.from(name), ...payload];
  return [0, body.length, ...body];
}

describe('keepLineTables', () => {
  it('drops DWARF sections except the line tables and keeps every other section byte for byte', () => {
    const type = [1, 4, 1, 0x60, 0, 0];
    const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...custom('.debug_info', [1, 2, 3]), ...custom('.debug_line', [4, 5]), ...custom('name', [0]), ...custom('.debug_str', [6])]);
    const kept = keepLineTables(bytes);
    expect([...kept]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...custom('.debug_line', [4, 5]), ...custom('name', [0])]);
    expect(WebAssembly.validate(kept)).toBe(true);
  });
});
