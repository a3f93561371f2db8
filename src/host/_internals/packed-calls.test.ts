import { describe, expect, it } from 'vitest';
import { packCalls, unpackCalls } from './packed-calls.js';
import type { BatchCall } from './worker-protocol.js';

describe('packed calls', () => {
  it('round-trips calls, storing a shared input once and keeping configs in place', () => {
    const shared = Uint8Array.of(1, 2, 3);
    const calls: BatchCall[] = [
      { index: 7, fn: 'echo', input: shared, timeoutMs: 5000, fresh: true },
      { index: 8, fn: 'count', input: new TextEncoder().encode('hello'), timeoutMs: 250, fresh: false, config: { k: 'v' } },
      { index: 9, fn: 'echo', input: shared, timeoutMs: 5000, fresh: false },
      { index: 10, fn: 'echo', input: new Uint8Array(0), timeoutMs: 1, fresh: true },
    ];
    const packed = packCalls(calls);
    expect(packed.inputs.byteLength).toBe(8);
    expect(packed.fnNames).toEqual(['echo', 'count']);
    const back = [...unpackCalls(structuredClone(packed))];
    expect(back).toEqual(calls);
    // Each input comes back as a buffer of its own, exactly its bytes.
    expect(back.map((c) => c.input.buffer.byteLength)).toEqual([3, 5, 3, 0]);
    expect(back[0]?.input.buffer).not.toBe(back[2]?.input.buffer);
    // Asked for views, the same calls come back as windows on the packed buffer.
    const views = [...unpackCalls(packed, true)];
    expect(views).toEqual(calls);
    expect(views.every((c) => c.input.buffer === packed.inputs)).toBe(true);
  });
});
