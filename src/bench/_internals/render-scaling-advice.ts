import type { BenchFigure } from './bench-measures.js';

/** Names of the scaling figures start with these (see bench-measures.ts). */
export const CPU_BOUND_SCALING = 'parallel scaling, CPU-bound';
export const TINY_CALL_SCALING = 'parallel scaling, tiny calls';

function ratioOf(figure: BenchFigure | undefined): string | undefined {
  return figure?.status === 'measured' ? `${figure.ratio.toFixed(2)}×` : undefined;
}

/**
 * "What scaling to expect", written from the scaling figures of a bench
 * report, so the advice quotes the figures it rests on. Empty when the report
 * has no CPU-bound scaling figure (a `--only` run of another figure).
 */
export interface ScalingInputs {
  readonly figures: readonly BenchFigure[];
  readonly machine: { readonly cpus: number };
  readonly loadAverage?: { readonly start: number; readonly end: number };
}

export function renderScalingAdvice(report: ScalingInputs): string[] {
  const cpuBound = report.figures.find((f) => f.name.startsWith(CPU_BOUND_SCALING));
  if (cpuBound === undefined) return [];
  const tiny = ratioOf(report.figures.find((f) => f.name.startsWith(TINY_CALL_SCALING)));
  const cpus = report.machine.cpus;
  const measured = ratioOf(cpuBound);
  const load = report.loadAverage;
  const busy = load !== undefined && Math.max(load.start, load.end) > cpus * 0.75;
  return [
    '',
    '### What scaling to expect',
    '',
    measured === undefined
      ? 'The CPU-bound scaling figure could not be measured in this run.'
      : `In this run, \`--workers 2\` ran the CPU-bound suite ${measured} as fast as \`--workers 1\` on ${cpus} CPUs${tiny === undefined ? '' : `; the tiny-call suite ran ${tiny} as fast`}.`,
    '',
    '- Work spreads per keg × plugin item (`--workers N` checks N items side by side, results still in plan order)' +
      ' and per batch: a long batch of independent calls is split over idle workers, so many kegs and one keg with many runs both spread.',
    '- Only plugin calls run in worker threads. The main thread draws every property value, judges every answer and writes the' +
      ' reports; with N workers on N cores it competes with them. With W the CPU time spent in plugin calls and M the main' +
      ' thread\'s, two workers on two cores can at best reach 2W / (W + M): the more work a call does compared with drawing and judging' +
      ' its input, the closer to 2×. The CPU-bound suite hashes each input byte thousands of times; suites of calls that take' +
      ' microseconds (the tiny-call figure) are bound by the main thread and by start-up, and a second worker does not help them.',
    '- Start-up is paid once and does not spread: node, loading kegcheck, the suites and the kegs, and a worker thread\'s boot' +
      ' (tens of milliseconds each; one worker is started while the suites load).',
    '- A second worker only helps when a core is free for it. On a machine with more cores than workers the main thread no' +
      ' longer competes; on a busy machine wall-clock ratios fall toward 1×.' +
      (busy && load !== undefined
        ? ` This run shared its ${cpus} CPUs with other jobs (load average ${load.start.toFixed(1)} to ${load.end.toFixed(1)}), so its ratios understate what an idle machine gives.`
        : ''),
  ];
}
