import { describe, expect, it } from 'vitest';
import type { CallResult } from '../plugin-spec.js';
import { emptyCapture } from './call-capture.js';
import { ResultChunkBuilder, unpackResultChunk } from './result-chunk.js';

describe('result chunks', () => {
  it('round-trips ok outputs, failures and captures in order', () => {
    const builder = new ResultChunkBuilder();
    const captured = { ...emptyCapture(), prints: ['hi'], hostCalls: ['keg_print'] };
    builder.add(4, { kind: 'ok', output: Uint8Array.of(1, 2, 3) }, emptyCapture(), 1.5);
    builder.add(5, { kind: 'exit-code', message: 'run returned 2', exitCode: 2 }, emptyCapture(), 2);
    builder.add(6, { kind: 'ok', output: new Uint8Array(0) }, captured, 3);
    builder.add(7, { kind: 'ok', output: Uint8Array.of(9) }, emptyCapture(), 4);
    expect(builder.count).toBe(4);
    expect(builder.bytes).toBe(4);
    const { chunk, transfer } = builder.take(11);
    expect(builder.count).toBe(0);
    // Small outputs are copied with the message rather than transferred.
    expect(transfer).toEqual([]);
    const results: Array<[number, CallResult]> = [];
    unpackResultChunk(chunk, (index, result) => results.push([index, result]));
    expect(results.map(([i]) => i)).toEqual([4, 5, 6, 7]);
    expect(results[0]?.[1]).toEqual({ kind: 'ok', output: Uint8Array.of(1, 2, 3), elapsedMs: 1.5, ...emptyCapture() });
    // Lists of a call that captured nothing are shared, so they must refuse writes.
    expect(Object.isFrozen(results[0]?.[1].prints)).toBe(true);
    expect(results[1]?.[1]).toMatchObject({ kind: 'exit-code', exitCode: 2, elapsedMs: 2 });
    expect(results[2]?.[1]).toMatchObject({ kind: 'ok', prints: ['hi'], hostCalls: ['keg_print'] });
    const last = results[3]?.[1];
    expect(last?.kind === 'ok' && [...last.output]).toEqual([9]);
    // Outputs of a small chunk are views into its buffer (this thread's own copy): no ArrayBuffer per call.
    expect(last?.kind === 'ok' && last.output.buffer).toBe(chunk.outputs);
  });

  it('copies each output when it is added, across chunks and past its initial buffer', () => {
    const builder = new ResultChunkBuilder();
    // The session hands over a view of the SDK's block, which a later call may overwrite.
    const reused = Uint8Array.of(1, 2);
    builder.add(0, { kind: 'ok', output: reused }, emptyCapture(), 1);
    reused.fill(7);
    const big = new Uint8Array(200_000).fill(5);
    builder.add(1, { kind: 'ok', output: big }, emptyCapture(), 1);
    builder.add(2, { kind: 'ok', output: reused }, emptyCapture(), 1);
    const outputs: number[][] = [];
    const collect = (_: number, result: CallResult): void => {
      if (result.kind === 'ok') outputs.push([result.output.byteLength, result.output[0] ?? -1, result.output.at(-1) ?? -1]);
    };
    unpackResultChunk(builder.take(1).chunk, collect);
    builder.add(3, { kind: 'ok', output: Uint8Array.of(3) }, emptyCapture(), 1);
    unpackResultChunk(builder.take(1).chunk, collect);
    expect(outputs).toEqual([
      [2, 1, 2],
      [200_000, 5, 5],
      [2, 7, 7],
      [1, 3, 3],
    ]);
  });

  it('transfers the output buffer once it is large', () => {
    const builder = new ResultChunkBuilder();
    builder.add(0, { kind: 'ok', output: new Uint8Array(100_000) }, emptyCapture(), 1);
    const { chunk, transfer } = builder.take(1);
    expect(transfer).toEqual([chunk.outputs]);
  });

  it('copies outputs out of a large chunk, so one kept output does not keep the whole chunk alive', () => {
    const builder = new ResultChunkBuilder();
    builder.add(0, { kind: 'ok', output: new Uint8Array(100_000).fill(1) }, emptyCapture(), 1);
    builder.add(1, { kind: 'ok', output: Uint8Array.of(2) }, emptyCapture(), 1);
    const outputs: Uint8Array[] = [];
    unpackResultChunk(builder.take(1).chunk, (_, result) => {
      if (result.kind === 'ok') outputs.push(result.output);
    });
    expect(outputs.map((o) => o.buffer.byteLength)).toEqual([100_000, 1]);
    expect(outputs[1]?.[0]).toBe(2);
  });
});
