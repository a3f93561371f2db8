import type { GuestCoverage, GuestFunction, GuestPluginCoverage } from '../model/guest-coverage.js';
import { writeReportFile } from './_internals/write-report-file.js';

export const LCOV_FILE = 'lcov.info';

interface Record {
  readonly file: string;
  // Keyed, so that plugins built from one source file (two kegs, a shared
  // standard library) add up into one entry, as lcov tools merge them.
  readonly fns: Map<string, { line: number; name: string; hits: number }>;
  readonly branches: Map<string, { line: number; block: number; branch: number; taken: number | undefined }>;
  readonly lines: Map<number, number>;
}

function recordFor(records: Map<string, Record>, file: string): Record {
  let record = records.get(file);
  if (record === undefined) {
    record = { file, fns: new Map(), branches: new Map(), lines: new Map() };
    records.set(file, record);
  }
  return record;
}

function addLine(record: Record, line: number, hits: number): void {
  record.lines.set(line, Math.max(record.lines.get(line) ?? 0, hits));
}

/** A plugin's functions into per-file records: source files where lines are known, the wasm file otherwise. */
function addPlugin(records: Map<string, Record>, plugin: Extract<GuestPluginCoverage, { status: 'ok' }>): void {
  const prefix = `${plugin.keg}:${plugin.plugin}`;
  plugin.functions.forEach((fn: GuestFunction, ordinal) => {
    const mapped = fn.file !== undefined && fn.line !== undefined;
    const record = recordFor(records, mapped ? (fn.file as string) : plugin.wasm);
    // Without lines, a function's "line" is its ordinal in the wasm: records per function and block.
    const line = mapped ? (fn.line as number) : ordinal + 1;
    // Unmapped names are qualified by plugin: several plugins may share one lcov record's namespace.
    const name = mapped ? fn.name : `${prefix}:${fn.name}`;
    const seen = record.fns.get(name);
    if (seen === undefined) record.fns.set(name, { line, name, hits: fn.hits });
    else seen.hits += fn.hits;
    fn.blocks.forEach((block, i) => {
      const entry = { line: block.line ?? line, block: fn.index, branch: i, taken: fn.hits === 0 ? undefined : block.hits };
      const key = `${entry.line},${entry.block},${entry.branch}`;
      const other = record.branches.get(key);
      if (other === undefined) record.branches.set(key, entry);
      else if (entry.taken !== undefined) other.taken = (other.taken ?? 0) + entry.taken;
      if (block.line !== undefined) addLine(record, block.line, block.hits);
    });
    // Counts are per function and block, not per line: a line is claimed run only
    // where that is known (a function's first line, a block's first line), and
    // every line of a function never run is claimed not run.
    if (mapped) {
      addLine(record, line, fn.hits);
      if (fn.hits === 0) for (const other of fn.lines ?? []) addLine(record, other, 0);
    }
  });
}

/** Guest coverage as an lcov tracefile (geninfo format): SF, FN/FNDA/FNF/FNH, BRDA/BRF/BRH, DA/LF/LH. */
export function renderLcov(coverage: GuestCoverage): string {
  const records = new Map<string, Record>();
  for (const plugin of coverage.plugins) if (plugin.status === 'ok') addPlugin(records, plugin);
  const out: string[] = [];
  for (const record of records.values()) {
    out.push('TN:', `SF:${record.file}`);
    const fns = [...record.fns.values()];
    const branches = [...record.branches.values()];
    for (const fn of fns) out.push(`FN:${fn.line},${fn.name}`);
    for (const fn of fns) out.push(`FNDA:${fn.hits},${fn.name}`);
    out.push(`FNF:${fns.length}`, `FNH:${fns.filter((f) => f.hits > 0).length}`);
    for (const b of branches) out.push(`BRDA:${b.line},${b.block},${b.branch},${b.taken === undefined ? '-' : b.taken}`);
    out.push(`BRF:${branches.length}`, `BRH:${branches.filter((b) => (b.taken ?? 0) > 0).length}`);
    const lines = [...record.lines].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.length}`, `LH:${lines.filter(([, hits]) => hits > 0).length}`, 'end_of_record');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Writes `lcov.info` into the report folder; returns its path. */
export async function writeLcov(outDir: string, coverage: GuestCoverage): Promise<string> {
  return writeReportFile(outDir, LCOV_FILE, renderLcov(coverage));
}
