import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, type CallRequest } from '../plugin-spec.js';
import { CallCursor, packCalls } from './packed-calls.js';

function readAll(cursor: CallCursor): Array<{ index: number; fn: string; input: number[]; timeoutMs: number; fresh: boolean; config: Record<string, string> | undefined }> {
  const out = [];
  while (cursor.next()) {
    const { index, fn, input, timeoutMs, fresh, config } = cursor;
    out.push({ index, fn, input: [...input], timeoutMs, fresh, config });
  }
  return out;
}

describe('packed calls', () => {
  const shared = Uint8Array.of(1, 2, 3);
  const calls: CallRequest[] = [
    { fn: 'skipped', input: Uint8Array.of(9) },
    { fn: 'echo', input: shared, timeoutMs: 5000 },
    { fn: 'count', input: new TextEncoder().encode('hello'), timeoutMs: 250, fresh: false, config: { k: 'v' } },
    { fn: 'echo', input: shared, fresh: false },
    { fn: 'echo', input: new Uint8Array(0), timeoutMs: 1 },
  ];

  it('packs a range straight from the requests, storing a shared input once and keeping configs in place', () => {
    const packed = packCalls(calls, 1, 5, (i) => calls[i]?.fresh !== false);
    expect(packed.count).toBe(4);
    expect(packed.inputs.byteLength).toBe(8);
    expect(packed.fnNames).toEqual(['echo', 'count']);
    expect(packed.minTimeoutMs).toBe(1);
    expect(readAll(new CallCursor(structuredClone(packed)))).toEqual([
      { index: 1, fn: 'echo', input: [1, 2, 3], timeoutMs: 5000, fresh: true, config: undefined },
      { index: 2, fn: 'count', input: [...new TextEncoder().encode('hello')], timeoutMs: 250, fresh: false, config: { k: 'v' } },
      { index: 3, fn: 'echo', input: [1, 2, 3], timeoutMs: DEFAULT_TIMEOUT_MS, fresh: false, config: undefined },
      { index: 4, fn: 'echo', input: [], timeoutMs: 1, fresh: true, config: undefined },
    ]);
  });

  it('reads inputs as views into the packed buffer, one view for consecutive calls on the same bytes', () => {
    const same = Array.from({ length: 3 }, (): CallRequest => ({ fn: 'echo', input: shared }));
    const packed = packCalls([...same, calls[2] as CallRequest], 0, 4, () => false);
    const cursor = new CallCursor(packed);
    const views: Uint8Array[] = [];
    while (cursor.next()) views.push(cursor.input);
    expect(views.every((v) => v.buffer === packed.inputs)).toBe(true);
    expect(views[1]).toBe(views[0]);
    expect(views[2]).toBe(views[0]);
    expect([...(views[3] ?? [])]).toEqual([...new TextEncoder().encode('hello')]);
    expect(cursor.next()).toBe(false);
  });

  it('packs an empty range', () => {
    const packed = packCalls(calls, 2, 2, () => true);
    expect(packed.count).toBe(0);
    expect(packed.minTimeoutMs).toBe(Number.POSITIVE_INFINITY);
    expect(new CallCursor(packed).next()).toBe(false);
  });
});
