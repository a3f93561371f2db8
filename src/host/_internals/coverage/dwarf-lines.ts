import { WasmReader } from '../../../_internals/wasm-reader.js';

/** One row of a DWARF line table: a code address (relative to the wasm code section) and its source place. */
export interface LineRow {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

const FORM = { string: 0x08, strp: 0x0e, line_strp: 0x1f, udata: 0x0f, data1: 0x0b, data2: 0x05, data4: 0x06, data8: 0x07, data16: 0x1e, block: 0x09 } as const;
const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

function stringAt(section: Uint8Array | undefined, offset: number, name: string): string {
  if (section === undefined) throw new Error(`.debug_line refers to ${name}, which the module lacks`);
  return new WasmReader(section, offset, '.debug_line').cstring();
}

function join(dir: string | undefined, file: string): string {
  if (dir === undefined || dir === '' || file.startsWith('/')) return file;
  return `${dir.replace(/\/$/, '')}/${file}`;
}

/**
 * Parses every line program of a `.debug_line` section (DWARF 2 to 5) into
 * rows. Sequences the linker dropped (address 0 or a tombstone) are left out.
 * Throws on malformed input; callers fall back to function records.
 */
export function parseDebugLine(section: Uint8Array, strings: { debugStr?: Uint8Array; debugLineStr?: Uint8Array } = {}): LineRow[] {
  const rows: LineRow[] = [];
  const r = new WasmReader(section, 0, '.debug_line');
  while (r.at < section.length) {
    let unitLength = r.u32();
    let offsetSize = 4;
    if (unitLength === 0xffffffff) {
      unitLength = r.u64();
      offsetSize = 8;
    }
    const unitEnd = r.at + unitLength;
    if (unitEnd > section.length) throw new Error('.debug_line: a unit runs past the section');
    const version = r.u16();
    if (version < 2 || version > 5) throw new Error(`.debug_line version ${version} is not supported`);
    if (version >= 5) {
      r.u8();
      r.u8();
    }
    const headerLength = offsetSize === 8 ? r.u64() : r.u32();
    const programStart = r.at + headerLength;
    const minInst = r.u8();
    if (version >= 4) r.u8();
    const defaultIsStmt = r.u8() !== 0;
    void defaultIsStmt;
    const lineBase = r.i8();
    const lineRange = r.u8();
    const opcodeBase = r.u8();
    if (lineRange === 0) throw new Error('.debug_line: line_range is 0');
    const opLengths: number[] = [];
    for (let i = 1; i < opcodeBase; i += 1) opLengths.push(r.u8());
    const dirs: string[] = [];
    const files: string[] = [];
    if (version < 5) {
      for (let d = r.cstring(); d !== ''; d = r.cstring()) dirs.push(d);
      for (let f = r.cstring(); f !== ''; f = r.cstring()) {
        const dir = r.uleb();
        r.uleb();
        r.uleb();
        files.push(join(dir === 0 ? undefined : dirs[dir - 1], f));
      }
    } else {
      const entries = (): Array<{ path?: string; dir?: number }> => {
        const formatCount = r.u8();
        const formats: Array<[number, number]> = [];
        for (let i = 0; i < formatCount; i += 1) formats.push([r.uleb(), r.uleb()]);
        const count = r.uleb();
        const out: Array<{ path?: string; dir?: number }> = [];
        for (let i = 0; i < count; i += 1) {
          const entry: { path?: string; dir?: number } = {};
          for (const [type, form] of formats) {
            let value: string | number;
            switch (form) {
              case FORM.string:
                value = r.cstring();
                break;
              case FORM.line_strp:
                value = stringAt(strings.debugLineStr, offsetSize === 8 ? r.u64() : r.u32(), '.debug_line_str');
                break;
              case FORM.strp:
                value = stringAt(strings.debugStr, offsetSize === 8 ? r.u64() : r.u32(), '.debug_str');
                break;
              case FORM.udata:
                value = r.uleb();
                break;
              case FORM.data1:
                value = r.u8();
                break;
              case FORM.data2:
                value = r.u16();
                break;
              case FORM.data4:
                value = r.u32();
                break;
              case FORM.data8:
                value = r.u64();
                break;
              case FORM.data16:
                r.take(16);
                value = 0;
                break;
              case FORM.block: {
                r.take(r.uleb());
                value = 0;
                break;
              }
              default:
                throw new Error(`.debug_line: unsupported form 0x${form.toString(16)}`);
            }
            if (type === DW_LNCT_path && typeof value === 'string') entry.path = value;
            if (type === DW_LNCT_directory_index && typeof value === 'number') entry.dir = value;
          }
          out.push(entry);
        }
        return out;
      };
      for (const d of entries()) dirs.push(d.path ?? '');
      for (const f of entries()) files.push(join(dirs[f.dir ?? 0], f.path ?? ''));
    }
    // DWARF 5 numbers files from 0, earlier versions from 1.
    const fileName = (index: number): string => (version >= 5 ? files[index] : files[index - 1]) ?? `<file ${index}>`;
    r.at = programStart;
    let address = 0;
    let file = 1;
    let line = 1;
    let sequence: LineRow[] = [];
    let dropped = false;
    const emit = (): void => {
      if (!dropped && line > 0) sequence.push({ address, file: fileName(file), line });
    };
    const reset = (): void => {
      address = 0;
      file = 1;
      line = 1;
      sequence = [];
      dropped = false;
    };
    while (r.at < unitEnd) {
      const op = r.u8();
      if (op >= opcodeBase) {
        const adjusted = op - opcodeBase;
        address += Math.floor(adjusted / lineRange) * minInst;
        line += lineBase + (adjusted % lineRange);
        emit();
        continue;
      }
      switch (op) {
        case 0: {
          const length = r.uleb();
          const end = r.at + length;
          const sub = length === 0 ? -1 : r.u8();
          if (sub === 1) {
            if (!dropped) rows.push(...sequence);
            reset();
          } else if (sub === 2) {
            const size = end - r.at;
            address = size === 8 ? r.u64() : size === 4 ? r.u32() : 0;
            // Code the linker removed keeps its line program at address 0 or a tombstone.
            if (address === 0 || address >= 0xfffffffe) dropped = true;
          }
          r.at = end;
          break;
        }
        case 1:
          emit();
          break;
        case 2:
          address += r.uleb() * minInst;
          break;
        case 3:
          line += r.sleb();
          break;
        case 4:
          file = r.uleb();
          break;
        case 5:
          r.uleb();
          break;
        case 8:
          address += Math.floor((255 - opcodeBase) / lineRange) * minInst;
          break;
        case 9:
          address += r.u16();
          break;
        default:
          for (let i = 0; i < (opLengths[op - 1] ?? 0); i += 1) r.uleb();
      }
    }
    r.at = unitEnd;
  }
  return rows;
}
