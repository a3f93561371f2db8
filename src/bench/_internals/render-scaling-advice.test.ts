import { describe, expect, it } from 'vitest';
import type { BenchFigure } from './bench-measures.js';
import { renderScalingAdvice } from './render-scaling-advice.js';

function scaling(name: string, ratio: number): BenchFigure {
  return { name, goal: '>= 1.70×', status: 'measured', ratio, met: ratio >= 1.7, measured: '', baseline: '', raw: {}, notes: [] };
}

describe('renderScalingAdvice', () => {
  it('quotes the measured scaling figures and explains the bound', () => {
    const text = renderScalingAdvice({
      figures: [scaling('parallel scaling, CPU-bound (8 digest kegs, 2 workers vs 1)', 1.834), scaling('parallel scaling, tiny calls (8 vowel kegs, 2 workers vs 1)', 0.97)],
      machine: { cpus: 2 },
      loadAverage: { start: 0.4, end: 0.9 },
    }).join('\n');
    expect(text).toContain('### What scaling to expect');
    expect(text).toContain('ran the CPU-bound suite 1.83× as fast as `--workers 1` on 2 CPUs; the tiny-call suite ran 0.97× as fast');
    expect(text).toContain('2W / (W + M)');
    expect(text).not.toContain('understate');
  });

  it('says when other jobs shared the machine, and when the figure is missing', () => {
    const busy = renderScalingAdvice({ figures: [scaling('parallel scaling, CPU-bound (x)', 1.2)], machine: { cpus: 2 }, loadAverage: { start: 9.5, end: 11 } }).join('\n');
    expect(busy).toContain('load average 9.5 to 11.0');
    const failed: BenchFigure = { name: 'parallel scaling, CPU-bound (x)', goal: '', status: 'error', error: 'boom', measured: '', baseline: '', ratio: Number.NaN, met: false, notes: [] };
    expect(renderScalingAdvice({ figures: [failed], machine: { cpus: 2 } }).join('\n')).toContain('could not be measured');
  });

  it('adds nothing to a report without the CPU-bound figure', () => {
    expect(renderScalingAdvice({ figures: [scaling('cold start', 2)], machine: { cpus: 2 } })).toEqual([]);
  });
});
