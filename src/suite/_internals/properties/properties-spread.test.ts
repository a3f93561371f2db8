import { afterAll, describe, expect, it, vi } from 'vitest';
import { Supervisor } from '../../../host/supervisor.js';
import type { Keg } from '../../../keg/keg.js';
import { loadKeg } from '../../../keg/load-keg.js';
import { renderJsonReport } from '../../../report/json-reporter.js';
import { runSuites } from '../../run-suites.js';
import { normalisedReport, publishedSuiteFiles, suiteAt } from '../../__fixtures__/published-suites.js';
import type { WorkerPropertyPayload } from './worker-property-protocol.js';

// A long property is spread over idle workers in shares of its runs
// (property-shares.ts). Spread or not, the report must be the same, byte for
// byte once timings are set aside: the first failing run in run order, its
// shrinking and replay path, coverage, input spans and lenient notes. Shares of
// one batch each (propertyShareRuns: 1) spread even the fixtures' short
// properties, passing and failing.

const SEED = 7;

const kegs: Keg[] = [];
afterAll(async () => {
  for (const k of kegs) await k.dispose();
});

describe('a property spread over idle workers', () => {
  it('gives the same JSON report as the property on one worker, on every suite with properties and its fixture kegs (seed 7)', async () => {
    const task = vi.spyOn(Supervisor.prototype, 'task');
    let compared = 0;
    let failing = 0;
    let spreadSuites = 0;
    try {
      for (const file of await publishedSuiteFiles()) {
        const suite = await suiteAt(file);
        if (suite.properties.length === 0) continue;
        const targets: { keg: Keg }[] = [];
        for (const fixture of suite.fixtures) {
          const keg = await loadKeg(fixture);
          kegs.push(keg);
          targets.push({ keg });
        }
        const run = async (propertyShareRuns: number): Promise<unknown> => {
          const { report } = await runSuites([{ suite, targets }], { seed: SEED, workers: 2, concurrency: 1, propertyShareRuns });
          failing += propertyShareRuns === 0 ? report.suites.flatMap((s) => s.plugins.flatMap((p) => p.checks)).filter((c) => c.kind === 'property' && (c.status === 'fail' || c.status === 'xfail')).length : 0;
          return normalisedReport(renderJsonReport(report));
        };
        const whole = await run(0);
        const before = task.mock.calls.length;
        const spread = await run(1);
        const shares = task.mock.calls.slice(before).filter(([, , payload]) => (payload as WorkerPropertyPayload).kind === 'batched' && (payload as { range?: unknown }).range !== undefined);
        spreadSuites += shares.length > 0 ? 1 : 0;
        expect(spread, file).toEqual(whole);
        compared += 1;
      }
    } finally {
      task.mockRestore();
    }
    expect(compared).toBeGreaterThanOrEqual(6);
    expect(spreadSuites, 'suites whose properties were spread').toBeGreaterThanOrEqual(5);
    // Failing properties were among those spread: the first failure in run order had to win.
    expect(failing).toBeGreaterThan(3);
  }, 600_000);
});
