// The JSON report of every published suite, run against the fixture kegs it
// names at a fixed seed, compared byte for byte with a committed snapshot.
// Refactors of the result model, the checks or the scheduling must leave
// every verdict, message, counterexample and field order as it was; only
// what varies from run to run or machine to machine (times, durations,
// versions, host name, absolute paths) is replaced by a placeholder.
//
// After an intended change of the report: `npx vitest run src/report/report-snapshots.test.ts -u`
// and review the diff of src/report/__snapshots__/ like code.
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keg } from '../keg/keg.js';
import { loadKeg } from '../keg/load-keg.js';
import { findSuiteFiles } from '../suite/find-suite-files.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuites } from '../suite/run-suites.js';
import type { Suite } from '../suite/suite.js';
import { renderJsonReport } from './json-reporter.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/[/\\]$/, '');
const SEED = 1;
// A fixed worker count: verdicts must not depend on it, but the snapshot should not depend on the machine either.
const WORKERS = 2;

/** Placeholders for what differs between runs and machines; everything else is compared as written. */
function normalizeReport(json: string, root: string): string {
  const report = JSON.parse(json) as Record<string, unknown> & { meta: Record<string, unknown> };
  const meta = report.meta;
  for (const key of ['kegcheckVersion', 'nodeVersion', 'extismVersion', 'startedAt', 'finishedAt', 'hostname']) {
    if (key in meta) meta[key] = `<${key}>`;
  }
  if ('argv' in meta) meta['argv'] = ['<argv>'];
  let text = JSON.stringify(report, (key, value: unknown) => (key === 'durationMs' && typeof value === 'number' ? 0 : value), 2);
  // Absolute paths, as JSON escapes them; the repository first (it may sit under the temp folder).
  for (const [path, placeholder] of [[root, '<repo>'], [tmpdir(), '<tmp>']] as const) {
    const escaped = JSON.stringify(path).slice(1, -1);
    text = text.split(escaped).join(placeholder);
  }
  return `${text}\n`;
}

const suites: Suite[] = [];
const kegs = new Map<string, Keg>();

beforeAll(async () => {
  for (const file of await findSuiteFiles(`${REPO}/conformance`)) {
    const loaded = await loadSuite(file);
    if (loaded.kind !== 'ok') throw new Error(`${file} does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
    suites.push(loaded.suite);
  }
});

afterAll(async () => {
  for (const keg of kegs.values()) await keg.dispose();
});

async function kegsOf(suite: Suite): Promise<Keg[]> {
  return Promise.all(
    suite.fixtures.map(async (path) => {
      let keg = kegs.get(path);
      if (keg === undefined) {
        keg = await loadKeg(path, { cwd: REPO });
        kegs.set(path, keg);
      }
      return keg;
    }),
  );
}

describe('JSON reports of the published suites (seed 1)', () => {
  it('finds every published suite, each naming its fixture kegs', () => {
    expect(suites.map((s) => basename(s.file)).sort()).toEqual(['calc.suite.toml', 'digest.suite.toml', 'forecast.suite.toml', 'packed.suite.toml', 'resources.suite.toml', 'tally.suite.toml', 'vowelcounter.suite.toml']);
    for (const suite of suites) expect(suite.fixtures.length, suite.file).toBeGreaterThan(0);
  });

  for (const name of ['calc', 'digest', 'forecast', 'packed', 'resources', 'tally', 'vowelcounter']) {
    it(`${name}.suite.toml`, async () => {
      const suite = suites.find((s) => basename(s.file) === `${name}.suite.toml`);
      expect(suite, `conformance/${name}.suite.toml`).toBeDefined();
      if (suite === undefined) return;
      const targets = (await kegsOf(suite)).map((keg) => ({ keg }));
      const { report } = await runSuites([{ suite, targets }], { seed: SEED, workers: WORKERS, argv: ['snapshot'] });
      // The fixtures' own verdicts are pinned by .ci/fixture-verdicts.json; this pins every byte around them.
      expect(report.suites[0]?.plugins.length).toBe(targets.length);
      await expect(normalizeReport(renderJsonReport(report), REPO)).toMatchFileSnapshot(`./__snapshots__/report-snapshots/${name}.report.json`);
    }, 240_000);
  }
});
