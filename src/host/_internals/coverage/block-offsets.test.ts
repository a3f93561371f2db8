import initWabt from 'wabt';
import { describe, expect, it } from 'vitest';
import { bodyBlocks } from './block-offsets.js';
import { readWasmLayout } from './wasm-layout.js';

describe('bodyBlocks', () => {
  it('finds ifs, loops and the targeted untyped blocks of a body, in code order', async () => {
    const wabt = await initWabt();
    const wat = `(module (memory 1) (func (param i32) (result i32)
      (block $out                                   ;; targeted, untyped: counted
        (br_if $out (i32.eqz (local.get 0)))
        (if (local.get 0) (then (nop)))             ;; if without else
        (loop $again (br_if $again (i32.load offset=4 (i32.const 0)))))
      (block (nop))                                 ;; never targeted: not counted
      (drop (block $typed (result i32) (br $typed (i32.const 1))))  ;; typed: not counted
      (if (result i32) (local.get 0) (then (i32.const 2)) (else (f64.const 1) (drop) (i32.const 3)))))`;
    const bytes = wabt.parseWat('b.wat', wat).toBinary({}).buffer;
    const layout = readWasmLayout(bytes);
    const [body] = layout.bodies;
    const found = bodyBlocks(bytes, body![0], body![1]);
    expect(found.ifs).toHaveLength(2);
    expect(found.loops).toHaveLength(1);
    expect(found.after).toHaveLength(1);
    // Offsets point at the instruction that starts each place.
    expect(bytes[found.ifs[0]!.then]).toBe(0x01); // nop
    expect(bytes[found.ifs[0]!.else]).toBe(0x0b); // no else: its end
    expect(bytes[found.ifs[1]!.else]).toBe(0x44); // f64.const
    expect(bytes[found.loops[0]!]).toBe(0x41); // i32.const
    expect(bytes[found.after[0]!]).toBe(0x02); // the next block
  });

  it('throws on an instruction it does not know', () => {
    expect(() => bodyBlocks(new Uint8Array([0, 0xff, 0x0b]), 0, 3)).toThrow(/unknown instruction 0xff/);
  });
});
