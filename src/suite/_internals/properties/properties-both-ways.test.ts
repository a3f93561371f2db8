import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Supervisor } from '../../../host/supervisor.js';
import type { Keg } from '../../../keg/keg.js';
import { loadKeg } from '../../../keg/load-keg.js';
import { renderJsonReport } from '../../../report/json-reporter.js';
import { runSuites } from '../../run-suites.js';
import { normalisedReport, publishedSuiteFiles, REPO, suiteAt } from '../../__fixtures__/published-suites.js';
import { hostileSuite } from '../../__fixtures__/hostile-suite.js';
import { scratchRoot } from '../../__fixtures__/scratch-kegs.js';

// Properties run their batched runs in the worker that calls the plugin
// (worker-property.ts); `propertiesInWorker: false` keeps the old path, where
// the main thread draws and judges every run. Both must give the same report,
// byte for byte once timings are set aside, on every suite with properties.

const SEED = 7;

const kegs: Keg[] = [];
afterAll(async () => {
  for (const k of kegs) await k.dispose();
});

describe('properties in the worker that calls the plugin', () => {
  it('give the same JSON report as properties judged on the main thread, on every suite with properties and its fixture kegs (seed 7)', async () => {
    const task = vi.spyOn(Supervisor.prototype, 'task');
    let compared = 0;
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
        const run = async (propertiesInWorker: boolean): Promise<unknown> => {
          const { report } = await runSuites([{ suite, targets }], { seed: SEED, workers: 2, propertiesInWorker });
          return normalisedReport(renderJsonReport(report));
        };
        const before = task.mock.calls.length;
        const onMain = await run(false);
        expect(task.mock.calls.length, `${file}: the main-thread path starts no worker task`).toBe(before);
        const inWorker = await run(true);
        expect(inWorker, file).toEqual(onMain);
        compared += 1;
      }
      // The worker path was taken, and its tasks ran (not all fell back to the main thread).
      const outcomes = await Promise.all(task.mock.results.map((r) => r.value as ReturnType<Supervisor['task']>));
      expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(10);
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    } finally {
      task.mockRestore();
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  }, 600_000);

  it('fall back to the main thread when a call runs past its deadline, with the same report (hostile plugins, seed 2)', async () => {
    const root = await scratchRoot();
    const task = vi.spyOn(Supervisor.prototype, 'task');
    try {
      const file = await root.file(
        'hostile.suite.toml',
        hostileSuite({ withCase: false }),
      );
      const hostile = await loadKeg(join(REPO, 'fixtures/hostile/hostile-keg'));
      kegs.push(hostile);
      const suite = await suiteAt(file);
      const targets = ['loop_forever', 'trap', 'huge_output', 'unknown_import'].map((plugin) => ({ keg: hostile, plugin }));
      const run = async (propertiesInWorker: boolean): Promise<unknown> => {
        const { report } = await runSuites([{ suite, targets }], { seed: 2, workers: 2, propertiesInWorker });
        return normalisedReport(renderJsonReport(report));
      };
      const onMain = await run(false);
      const inWorker = await run(true);
      expect(inWorker).toEqual(onMain);
      const outcomes = await Promise.all(task.mock.results.map((r) => r.value as ReturnType<Supervisor['task']>));
      // loop_forever's task was lost at the deadline; trap and huge_output ran in the worker (unknown_import never links: skipped).
      expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.kind))).toEqual(['lost']);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    } finally {
      task.mockRestore();
      await root.dispose();
    }
  }, 120_000);
});
