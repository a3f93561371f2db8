/**
 * Where the counted blocks of one function body start in the wasm file, in
 * the order the instrumenter counts them (see instrument-wasm.ts): `if`s and
 * `loop`s in code order, and the block-likes (`block`, or an `if` a branch
 * targets) with no result that some branch targets, in code order. Reads
 * instructions, never rewrites them; throws on what it does not know.
 */
export interface BodyBlocks {
  /** Per `if`: where its then-arm starts and where its else-arm (or, without one, its `end`) is. */
  readonly ifs: Array<{ then: number; else: number }>;
  /** Per `loop`: where its body starts. */
  readonly loops: number[];
  /** Per targeted block-like without a result: the offset just after its `end`. */
  readonly after: number[];
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('code ends early');
    return this.bytes[this.at++] as number;
  }
  leb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      if (shift < 35) result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
    }
  }
  skip(n: number): void {
    this.at += n;
  }
  memarg(): void {
    const align = this.leb();
    if ((align & 0x40) !== 0) this.leb();
    this.leb();
  }
  /** Returns true for the empty block type (no params, no results). */
  blockType(): boolean {
    const first = this.bytes[this.at] ?? 0;
    if (first === 0x40) {
      this.at += 1;
      return true;
    }
    if (first >= 0x6f && first <= 0x7f) {
      this.at += 1;
      return false;
    }
    // A type index (s33): a function type's block has params or results.
    this.leb();
    return false;
  }
}

interface Open {
  readonly kind: 'block' | 'loop' | 'if';
  readonly empty: boolean;
  targeted: boolean;
  readonly ifIndex: number;
  readonly afterIndex: number;
}

export function bodyBlocks(bytes: Uint8Array, start: number, end: number): BodyBlocks {
  const r = new Reader(bytes, start);
  const groups = r.leb();
  for (let i = 0; i < groups; i += 1) {
    r.leb();
    r.byte();
  }
  const out: BodyBlocks = { ifs: [], loops: [], after: [] };
  // Block-likes are numbered in code order; their offsets are known at their end.
  const afterSlots: Array<number | undefined> = [];
  const targetedSlots: boolean[] = [];
  const emptySlots: boolean[] = [];
  const stack: Open[] = [];
  const target = (depth: number): void => {
    const open = stack[stack.length - 1 - depth];
    if (open !== undefined) open.targeted = true;
  };
  while (r.at < end) {
    const op = r.byte();
    switch (op) {
      case 0x02:
      case 0x03:
      case 0x04: {
        const empty = r.blockType();
        const kind = op === 0x02 ? 'block' : op === 0x03 ? 'loop' : 'if';
        let ifIndex = -1;
        let afterIndex = -1;
        if (kind === 'loop') out.loops.push(r.at);
        if (kind === 'if') {
          ifIndex = out.ifs.length;
          out.ifs.push({ then: r.at, else: -1 });
        }
        if (kind !== 'loop') {
          afterIndex = afterSlots.length;
          afterSlots.push(undefined);
          targetedSlots.push(false);
          emptySlots.push(empty);
        }
        stack.push({ kind, empty, targeted: false, ifIndex, afterIndex });
        break;
      }
      case 0x05: {
        const open = stack[stack.length - 1];
        const entry = open === undefined ? undefined : out.ifs[open.ifIndex];
        if (entry !== undefined) entry.else = r.at;
        break;
      }
      case 0x0b: {
        const open = stack.pop();
        if (open === undefined) break;
        if (open.kind === 'if') {
          const entry = out.ifs[open.ifIndex];
          if (entry !== undefined && entry.else < 0) entry.else = r.at - 1;
        }
        if (open.afterIndex >= 0) {
          afterSlots[open.afterIndex] = r.at;
          targetedSlots[open.afterIndex] = open.targeted;
        }
        break;
      }
      case 0x0c:
      case 0x0d:
        target(r.leb());
        break;
      case 0x0e: {
        const n = r.leb();
        for (let i = 0; i <= n; i += 1) target(r.leb());
        break;
      }
      case 0x10:
      case 0x12:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
      case 0x25:
      case 0x26:
      case 0xd2:
        r.leb();
        break;
      case 0x11:
      case 0x13:
        r.leb();
        r.leb();
        break;
      case 0x1c: {
        const n = r.leb();
        r.skip(n);
        break;
      }
      case 0x3f:
      case 0x40:
        r.leb();
        break;
      case 0x41:
      case 0x42:
        r.leb();
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0xd0:
        r.byte();
        break;
      case 0xfc: {
        const sub = r.leb();
        if (sub <= 7) break;
        if (sub === 8) {
          r.leb();
          r.leb();
        } else if (sub === 9 || sub === 11 || sub === 13 || (sub >= 15 && sub <= 17)) {
          r.leb();
        } else if (sub === 10 || sub === 12 || sub === 14) {
          r.leb();
          r.leb();
        } else {
          throw new Error(`unknown instruction 0xfc ${sub}`);
        }
        break;
      }
      case 0xfd: {
        const sub = r.leb();
        if (sub <= 11 || sub === 92 || sub === 93) r.memarg();
        else if (sub === 12 || sub === 13) r.skip(16);
        else if (sub >= 21 && sub <= 34) r.skip(1);
        else if (sub >= 84 && sub <= 91) {
          r.memarg();
          r.skip(1);
        }
        break;
      }
      case 0xfe: {
        const sub = r.leb();
        if (sub === 3) r.byte();
        else r.memarg();
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) r.memarg();
        else if (!(op <= 0x01 || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1)) {
          throw new Error(`unknown instruction 0x${op.toString(16)}`);
        }
    }
  }
  afterSlots.forEach((offset, i) => {
    if (offset !== undefined && targetedSlots[i] === true && emptySlots[i] === true) out.after.push(offset);
  });
  return out;
}
