import { describe, expect, it } from 'vitest';
import { guestTotals, type GuestFunction, type GuestPluginCoverage } from '../model/guest-coverage.js';
import { parseLcov } from './_internals/parse-lcov.js';
import { renderLcov } from './lcov-writer.js';
import { mergeGuestCoverage } from './merge-guest-coverage.js';

const functions: GuestFunction[] = [
  { name: 'run', index: 3, hits: 4, file: '/src/a.ts', line: 10, lines: [10, 11, 12], blocks: [{ kind: 'if-then', hits: 4 }, { kind: 'if-else', hits: 0 }] },
  { name: 'never', index: 4, hits: 0, file: '/src/a.ts', line: 20, lines: [20, 21], blocks: [{ kind: 'loop', hits: 0 }] },
  { name: 'helper', index: 5, hits: 1, blocks: [] },
];
const plugin: GuestPluginCoverage = { keg: 'k', plugin: 'p', wasm: '/keg/plugins/p/plugin.wasm', wasmSha256: 'a'.repeat(64), status: 'ok', functions, totals: guestTotals(functions), lineSource: 'source-map' };

describe('renderLcov', () => {
  it('writes one record per source file, the unmapped functions under the wasm file', () => {
    const records = parseLcov(renderLcov({ plugins: [plugin] }));
    expect(records.map((r) => r.file)).toEqual(['/src/a.ts', '/keg/plugins/p/plugin.wasm']);
    const [a, wasm] = records;
    expect([...(a?.functions ?? [])]).toEqual([
      ['run', { line: 10, hits: 4 }],
      ['never', { line: 20, hits: 0 }],
    ]);
    expect(a?.branches).toEqual([
      { line: 10, block: 3, branch: 0, taken: 4 },
      { line: 10, block: 3, branch: 1, taken: 0 },
      { line: 20, block: 4, branch: 0, taken: undefined },
    ]);
    expect([...(a?.lines ?? [])]).toEqual([
      [10, 4],
      [20, 0],
      [21, 0],
    ]);
    expect(a?.summary).toEqual({ FNF: 2, FNH: 1, BRF: 3, BRH: 1, LF: 3, LH: 1 });
    expect([...(wasm?.functions ?? [])]).toEqual([['k:p:helper', { line: 3, hits: 1 }]]);
    expect(wasm?.summary).toEqual({ FNF: 1, FNH: 1, BRF: 0, BRH: 0, LF: 0, LH: 0 });
  });

  it('adds up plugins built from the same source file into one record', () => {
    const twin: GuestPluginCoverage = { ...plugin, keg: 'k2', wasm: '/keg2/plugins/p/plugin.wasm' };
    const records = parseLcov(renderLcov({ plugins: [plugin, twin] }));
    const a = records.find((r) => r.file === '/src/a.ts');
    expect(a?.functions.get('run')).toEqual({ line: 10, hits: 8 });
    expect(a?.branches.map((b) => b.taken)).toEqual([8, 0, undefined]);
    expect(records.map((r) => r.file)).toEqual(['/src/a.ts', '/keg/plugins/p/plugin.wasm', '/keg2/plugins/p/plugin.wasm']);
  });

  it('leaves plugins without coverage out, and is empty with none', () => {
    expect(renderLcov({ plugins: [{ keg: 'k', plugin: 'q', wasm: 'x', wasmSha256: '', status: 'coverage-unavailable', reason: 'r' }] })).toBe('');
  });

  it('parses strictly', () => {
    expect(() => parseLcov('SF:a\nFNF:1\nFNH:0\nBRF:0\nBRH:0\nLF:0\nLH:0\nend_of_record\n')).toThrow(/FNF is 1, the records say 0/);
    expect(() => parseLcov('DA:1,1\n')).toThrow(/outside a record/);
  });
});

describe('mergeGuestCoverage', () => {
  it('adds up the counts of one plugin and keeps the others', () => {
    const other: GuestPluginCoverage = { ...plugin, plugin: 'other' };
    const merged = mergeGuestCoverage([{ plugins: [plugin] }, undefined, { plugins: [plugin, other] }]);
    const [p, o] = merged?.plugins ?? [];
    expect(p?.status === 'ok' && p.functions.map((f) => [f.hits, ...f.blocks.map((b) => b.hits)])).toEqual([[8, 8, 0], [0, 0], [2]]);
    expect(p?.status === 'ok' && p.totals).toEqual({ functions: 3, functionsHit: 2, blocks: 6, blocksHit: 3 });
    expect(o).toEqual(other);
    expect(mergeGuestCoverage([undefined])).toBeUndefined();
  });
});
