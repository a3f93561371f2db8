/** One SF…end_of_record block of an lcov tracefile, parsed back (for tests and merge checks). */
export interface LcovRecord {
  readonly file: string;
  readonly functions: Map<string, { line: number; hits: number }>;
  readonly branches: Array<{ line: number; block: number; branch: number; taken: number | undefined }>;
  readonly lines: Map<number, number>;
  readonly summary: { FNF: number; FNH: number; BRF: number; BRH: number; LF: number; LH: number };
}

/**
 * Parses an lcov tracefile strictly: every line must be a known record with
 * well-formed numbers, and each record's FNF/FNH/BRF/BRH/LF/LH must agree with
 * its FN/FNDA/BRDA/DA lines. Throws with the line number otherwise.
 */
export function parseLcov(text: string): LcovRecord[] {
  const records: LcovRecord[] = [];
  let current: { file: string; functions: LcovRecord['functions']; branches: LcovRecord['branches']; lines: LcovRecord['lines']; summary: Partial<LcovRecord['summary']> } | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const int = (value: string | undefined, at: number): number => {
    if (value === undefined || !/^\d+$/.test(value)) throw new Error(`lcov line ${at}: expected a non-negative integer, got '${value ?? ''}'`);
    return Number(value);
  };
  lines.forEach((line, i) => {
    const at = i + 1;
    const colon = line.indexOf(':');
    const tag = colon < 0 ? line : line.slice(0, colon);
    const rest = colon < 0 ? '' : line.slice(colon + 1);
    if (tag === 'TN') return;
    if (tag === 'SF') {
      if (current !== undefined) throw new Error(`lcov line ${at}: SF inside a record`);
      current = { file: rest, functions: new Map(), branches: [], lines: new Map(), summary: {} };
      return;
    }
    if (current === undefined) throw new Error(`lcov line ${at}: '${tag}' outside a record`);
    const parts = rest.split(',');
    switch (tag) {
      case 'FN': {
        const comma = rest.indexOf(',');
        const name = rest.slice(comma + 1);
        if (current.functions.has(name)) throw new Error(`lcov line ${at}: function '${name}' declared twice in one record`);
        current.functions.set(name, { line: int(rest.slice(0, comma), at), hits: 0 });
        break;
      }
      case 'FNDA': {
        const comma = rest.indexOf(',');
        const fn = current.functions.get(rest.slice(comma + 1));
        if (fn === undefined) throw new Error(`lcov line ${at}: FNDA for an undeclared function`);
        fn.hits = int(rest.slice(0, comma), at);
        break;
      }
      case 'BRDA':
        if (parts.length !== 4) throw new Error(`lcov line ${at}: BRDA needs 4 fields`);
        current.branches.push({ line: int(parts[0], at), block: int(parts[1], at), branch: int(parts[2], at), taken: parts[3] === '-' ? undefined : int(parts[3], at) });
        break;
      case 'DA':
        current.lines.set(int(parts[0], at), int(parts[1], at));
        break;
      case 'FNF':
      case 'FNH':
      case 'BRF':
      case 'BRH':
      case 'LF':
      case 'LH':
        current.summary[tag] = int(rest, at);
        break;
      case 'end_of_record': {
        const s = current.summary;
        const fns = [...current.functions.values()];
        const expected = {
          FNF: fns.length,
          FNH: fns.filter((f) => f.hits > 0).length,
          BRF: current.branches.length,
          BRH: current.branches.filter((b) => (b.taken ?? 0) > 0).length,
          LF: current.lines.size,
          LH: [...current.lines.values()].filter((h) => h > 0).length,
        };
        for (const [key, value] of Object.entries(expected)) {
          if (s[key as keyof typeof expected] !== value) throw new Error(`lcov line ${at}: ${key} is ${s[key as keyof typeof expected]}, the records say ${value}`);
        }
        records.push({ ...current, summary: expected });
        current = undefined;
        break;
      }
      default:
        throw new Error(`lcov line ${at}: unknown record '${tag}'`);
    }
  });
  if (current !== undefined) throw new Error('lcov: the last record has no end_of_record');
  return records;
}
