import type { BenchFigure } from './bench-measures.js';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

function cell(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The bench table: one row per figure, the ratio, its goal, and both raw measurements. */
export function formatBenchTable(figures: readonly BenchFigure[], machine: MachineInfo): string {
  const rows = [
    ['figure', 'ratio', 'goal', 'met', 'kegcheck', 'baseline'],
    ...figures.map((f) => [
      f.name,
      f.status === 'error' ? 'ERROR' : `${f.ratio.toFixed(2)}×`,
      f.goal,
      f.status === 'error' ? '-' : f.met ? 'yes' : 'NO',
      f.measured,
      f.baseline,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) => r.map((c, i) => cell(c, widths[i] ?? 0)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const notes = figures.flatMap((f) => (f.notes.length === 0 ? [] : [`${f.name}: ${f.notes.join('; ')}`]));
  return [
    `kegcheck end-to-end bench on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}`,
    '',
    ...lines,
    ...(notes.length === 0 ? [] : ['', ...notes]),
    '',
  ].join('\n');
}
