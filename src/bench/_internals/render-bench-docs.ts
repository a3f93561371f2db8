import { KegcheckError } from '../../kegcheck-error.js';
import type { BenchFigure } from './bench-measures.js';
import type { MachineInfo } from './format-bench-table.js';
import { renderScalingAdvice } from './render-scaling-advice.js';

export const BENCH_DOCS_START = '<!-- bench:start -->';
export const BENCH_DOCS_END = '<!-- bench:end -->';

/** reports/bench.json as `npm run bench` writes it. */
export interface BenchReport {
  readonly schemaVersion: 1;
  readonly date: string;
  readonly quick: boolean;
  /** Short commit id of the measured tree, when the bench could read it. */
  readonly commit?: string;
  /** The machine's 1-minute load average when the run started and ended. */
  readonly loadAverage?: { readonly start: number; readonly end: number };
  readonly machine: MachineInfo;
  readonly figures: readonly BenchFigure[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the parts of bench.json the docs print, so a report of another shape
 * is refused with the key that is wrong rather than rendered as `undefined`.
 */
export function parseBenchReport(value: unknown, file: string): BenchReport {
  const fail = (keyPath: string, expected: string): never => {
    throw new KegcheckError('bench-report-invalid', `${file}: ${keyPath || 'the document'} is not ${expected}; run \`npm run bench\` to write it again`, { location: { file, keyPath } });
  };
  if (!isObject(value)) return fail('', 'a JSON object');
  if (value['schemaVersion'] !== 1) fail('schemaVersion', '1');
  if (typeof value['date'] !== 'string' || Number.isNaN(Date.parse(value['date']))) fail('date', 'an ISO date');
  if (typeof value['quick'] !== 'boolean') fail('quick', 'a boolean');
  if (value['commit'] !== undefined && typeof value['commit'] !== 'string') fail('commit', 'a string');
  const load = value['loadAverage'];
  if (load !== undefined && (!isObject(load) || typeof load['start'] !== 'number' || typeof load['end'] !== 'number')) fail('loadAverage', '{ start, end } numbers');
  const machine = value['machine'];
  if (!isObject(machine)) return fail('machine', 'an object');
  for (const key of ['cpus', 'memoryGiB'] as const) if (typeof machine[key] !== 'number') fail(`machine.${key}`, 'a number');
  for (const key of ['cpuModel', 'node', 'platform'] as const) if (typeof machine[key] !== 'string') fail(`machine.${key}`, 'a string');
  const figures = value['figures'];
  if (!Array.isArray(figures)) return fail('figures', 'an array');
  figures.forEach((figure: unknown, i) => {
    const at = `figures[${i}]`;
    if (!isObject(figure)) return fail(at, 'an object');
    for (const key of ['name', 'goal', 'measured', 'baseline'] as const) if (typeof figure[key] !== 'string') fail(`${at}.${key}`, 'a string');
    if (!Array.isArray(figure['notes']) || !figure['notes'].every((n) => typeof n === 'string')) fail(`${at}.notes`, 'a list of strings');
    if (figure['status'] === 'measured') {
      if (typeof figure['ratio'] !== 'number' || !Number.isFinite(figure['ratio'])) fail(`${at}.ratio`, 'a finite number');
      if (typeof figure['met'] !== 'boolean') fail(`${at}.met`, 'a boolean');
    } else if (figure['status'] === 'error') {
      if (typeof figure['error'] !== 'string') fail(`${at}.error`, 'a string');
    } else {
      fail(`${at}.status`, '"measured" or "error"');
    }
    return undefined;
  });
  return value as unknown as BenchReport;
}

// A table cell: pipes would split it, newlines would end the row.
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').trim();
}

function readableGoal(goal: string): string {
  return goal.replace(/<=/g, '≤').replace(/>=/g, '≥');
}

function utcMinute(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The generated region of docs/benchmarks.md, markers included: when and
 * where the run was made, then one row per figure (the ratio against the
 * baseline measured in the same run, the goal, both raw sides), then notes.
 */
export function renderBenchRegion(report: BenchReport, source = 'reports/bench.json'): string {
  const m = report.machine;
  const at = report.commit === undefined ? '' : ` at commit \`${report.commit}\``;
  const kind = report.quick ? '`npm run bench -- --quick` (a smoke run: fewer repetitions and runs, so noisier figures)' : '`npm run bench`';
  const rows = report.figures.map((f) =>
    f.status === 'measured'
      ? `| ${cell(f.name)} | ${f.ratio.toFixed(2)}× | ${cell(readableGoal(f.goal))} | ${f.met ? 'yes' : 'no'} | ${cell(f.measured)} | ${cell(f.baseline)} |`
      : `| ${cell(f.name)} | – | ${cell(readableGoal(f.goal))} | not measured | ${cell(f.error)} | |`,
  );
  // A note names its figure by the words before the parenthesis: the row already says the rest.
  const notes = report.figures.flatMap((f) => f.notes.map((n) => `- ${f.name.replace(/\s*\(.*$/s, '')}: ${n.replace(/\r?\n/g, ' ')}`));
  return [
    BENCH_DOCS_START,
    `<!-- Generated by \`npm run bench:docs\` from ${source}; edit src/bench/_internals/render-bench-docs.ts, not this region. -->`,
    '',
    `Measured ${utcMinute(report.date)}${at} by ${kind} on ${m.cpus} CPUs (${cell(m.cpuModel)}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}.`,
    ...(report.loadAverage === undefined ? [] : [`Load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end (${m.cpus} CPUs; other jobs share the machine).`]),
    'Each ratio is kegcheck against its baseline measured in the same run.',
    '',
    '| figure | ratio | goal | met | kegcheck | baseline (same run) |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...(notes.length === 0 ? [] : ['', ...notes]),
    ...renderScalingAdvice(report),
    '',
    BENCH_DOCS_END,
  ].join('\n');
}

/** Replaces the text from the start marker to the end marker (inclusive) with `region`; the rest is kept byte for byte. */
export function replaceBenchRegion(document: string, region: string, file: string): string {
  const count = (marker: string): number => document.split(marker).length - 1;
  const start = document.indexOf(BENCH_DOCS_START);
  const end = document.indexOf(BENCH_DOCS_END);
  if (count(BENCH_DOCS_START) !== 1 || count(BENCH_DOCS_END) !== 1 || end < start) {
    throw new KegcheckError('bench-docs-markers', `${file} needs exactly one ${BENCH_DOCS_START} followed by one ${BENCH_DOCS_END}, around the generated figures`, { location: { file } });
  }
  return document.slice(0, start) + region + document.slice(end + BENCH_DOCS_END.length);
}
