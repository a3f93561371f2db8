import { expect, it } from 'vitest';
import type { BenchFigure } from './bench-measures.js';
import { formatBenchTable } from './format-bench-table.js';

const machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v20.0.0', platform: 'linux-x64' };

it('prints one aligned row per figure with ratio, goal, verdict and both sides, then the notes', () => {
  const figures: BenchFigure[] = [
    { name: 'cold start', goal: '<= 2.00×', status: 'measured', ratio: 1.5, met: true, measured: '300 ms', baseline: '200 ms', raw: {}, notes: ['six calls'] },
    { name: 'parallel', goal: '>= 1.70×', status: 'measured', ratio: 1.2345, met: false, measured: '9 s', baseline: '11 s', raw: {}, notes: [] },
    { name: 'memory', goal: '< 1.50×', status: 'error', error: 'kegcheck run exited 2', measured: 'kegcheck run exited 2', baseline: '', ratio: Number.NaN, met: false, notes: [] },
  ];
  const lines = formatBenchTable(figures, machine).split('\n');
  expect(lines[0]).toBe('kegcheck end-to-end bench on 2 CPUs (Test CPU), 8 GiB, node v20.0.0, linux-x64');
  expect(lines[2]).toMatch(/^figure +ratio +goal +met +kegcheck +baseline$/);
  expect(lines[4]).toMatch(/^cold start +1\.50× +<= 2\.00× +yes +300 ms +200 ms$/);
  expect(lines[5]).toMatch(/^parallel +1\.23× +>= 1\.70× +NO +9 s +11 s$/);
  expect(lines[6]).toMatch(/^memory +ERROR +< 1\.50× +- +kegcheck run exited 2$/);
  // Columns line up: every ratio starts where the header's does.
  const at = lines[2]?.indexOf('ratio');
  expect([4, 5, 6].map((i) => lines[i]?.search(/\d\.\d\d×|ERROR/))).toEqual([at, at, at]);
  expect(lines).toContain('cold start: six calls');
});
