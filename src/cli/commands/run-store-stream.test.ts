import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packKeg } from '../../build/pack-keg.js';
import { formatFindings } from '../../format-finding.js';
import { PackageStore } from '../../keg/package-store.js';
import { renderJsonReport } from '../../report/json-reporter.js';
import { loadSuite } from '../../suite/load-suite.js';
import { invalidClaims, planClaimedRun } from '../../suite/plan-claimed-run.js';
import { resolveRunTargets } from '../../suite/resolve-run-targets.js';
import { runSuites } from '../../suite/run-suites.js';
import type { Suite } from '../../suite/suite.js';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';

// A run over a store loads each keg on its turn (resolveRunTargets `stream`):
// the report, the findings and the errors must be those of a run that loads
// every keg first.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TYPE = 'kegs.testing.vowelcounter';
let scratch: ScratchRoot;
let store: string;
let suite: Suite;

function normalised(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === 'durationMs' || key === 'elapsedMs' || key === 'startedAt' || key === 'finishedAt' ? 0 : value));
}

/** The JSON report (timings aside), claims and unmatched targets of a run over `args` (none: the store), streamed or not. */
async function run(args: string[], stream: boolean, dirs: string[] = [store]): Promise<{ report: unknown; claims: string; unmatched: string[]; broken: string }> {
  const resolved = await resolveRunTargets(args, new PackageStore(dirs, { cwd: scratch.dir }), { cwd: scratch.dir, type: TYPE, stream });
  try {
    const broken = formatFindings(invalidClaims(resolved.targets));
    if (broken !== '') return { report: undefined, claims: '', unmatched: [], broken };
    const { plans, unmatched, claims } = planClaimedRun([suite], resolved.targets);
    const { report } = await runSuites(plans, { seed: 3, runs: 20, workers: 2, claims });
    return { report: normalised(renderJsonReport(report)), claims: JSON.stringify(claims), unmatched: unmatched.map((t) => t.keg.source), broken };
  } finally {
    await resolved.dispose();
  }
}

beforeAll(async () => {
  const loaded = await loadSuite(join(ROOT, 'conformance/vowelcounter.suite.toml'));
  if (loaded.kind !== 'ok') throw new Error('the vowelcounter suite does not load');
  suite = loaded.suite;
  scratch = await scratchRoot();
  store = join(scratch.dir, 'store');
  await mkdir(store);
  // A link (a store is often made of them), a .keg file, a keg of two plugins (one of them failing), a keg of another type.
  await symlink(join(ROOT, 'fixtures/suites/vowelcounter/vowels_wat'), join(store, 'vowels_wat'), 'dir');
  const lowercase = join(scratch.dir, 'staging/vowels_lowercase_only');
  await cp(join(ROOT, 'fixtures/suites/vowelcounter/vowels_lowercase_only'), lowercase, { recursive: true, filter: (src) => !/[/\\](src|target|dist)$/.test(src) });
  await cp((await packKeg(lowercase, { outDir: join(scratch.dir, 'staging/dist') })).path, join(store, 'vowels_lowercase_only.keg'));
  const twin = await scratch.keg('twin', [
    { name: 'good', type: TYPE, wat: 'vowels-one-digit.wat', replace: { KEEP_LOOPING: '1' } },
    { name: 'one_digit', type: TYPE, wat: 'vowels-one-digit.wat', replace: { KEEP_LOOPING: '0' } },
  ]);
  await cp(twin, join(store, 'twin'), { recursive: true });
  await cp(join(ROOT, 'fixtures/suites/packed/packed_rust'), join(store, 'packed_rust'), { recursive: true, filter: (src) => !/[/\\](src|target|dist)$/.test(src) });
}, 120_000);

afterAll(async () => {
  await scratch.dispose();
});

describe('a run over a store, each keg loaded on its turn', () => {
  it('gives the report of a run that loads every keg first: the store (no keg named) and a folder of kegs', async () => {
    const eager = await run([], false);
    expect(await run([], true)).toEqual(eager);
    const rows = (eager.report as { suites: { plugins: { keg: { name: string }; plugin: { name: string }; verdict: string }[] }[] }).suites.flatMap((s) => s.plugins.map((p) => `${p.keg.name}:${p.plugin.name}=${p.verdict}`));
    expect(rows).toEqual(['twin:good=pass', 'twin:one_digit=fail', 'vowels_lowercase_only:count_vowels=pass', 'vowels_wat:count_vowels=pass']);
    // A folder of kegs takes every keg in it, the one of another type too (it fails the type check).
    const folderEager = await run([store], false);
    expect(folderEager.unmatched).toEqual([]);
    expect(await run([store], true)).toEqual(folderEager);
  }, 120_000);

  it('a keg that cannot load is skipped in the store and stops a folder run, the same both ways', async () => {
    const bad = join(scratch.dir, 'bad-store');
    await mkdir(bad);
    await symlink(join(ROOT, 'fixtures/suites/vowelcounter/vowels_wat'), join(bad, 'vowels_wat'), 'dir');
    await writeFile(join(bad, 'broken.keg'), 'not a zip');
    const eager = await run([], false, [bad]);
    expect(await run([], true, [bad])).toEqual(eager);
    expect(JSON.stringify(eager.report)).not.toContain('broken');
    const folder = (stream: boolean): Promise<unknown> => run([bad], stream).then(() => 'ran', (error: unknown) => ({ ...(error as object), message: (error as Error).message }));
    const thrown = await folder(false);
    expect(thrown).toMatchObject({ code: 'keg-not-zip' });
    expect(await folder(true)).toEqual(thrown);
  }, 120_000);

  it('a keg with an invalid claim stops the run before anything runs, with the same findings', async () => {
    const claims = join(scratch.dir, 'claims-store');
    await mkdir(claims);
    await symlink(join(ROOT, 'fixtures/suites/vowelcounter/vowels_wat'), join(claims, 'vowels_wat'), 'dir');
    const badRange = join(claims, 'bad_range');
    await cp(join(ROOT, 'fixtures/suites/vowelcounter/vowels_wat'), badRange, { recursive: true, filter: (src) => !/[/\\](src|target|dist)$/.test(src) });
    const meta = join(badRange, 'plugins/count_vowels/metadata.toml');
    await writeFile(meta, `name = "count_vowels"\ntype = "${TYPE}"\nconforms = ["${TYPE}@>=banana"]\n`);
    const eager = await run([], false, [claims]);
    expect(eager.broken).toMatch(/bad_range\/plugins\/count_vowels\/metadata\.toml:\d+:\d+ \(conforms\[0\]\): .*\[conforms-range\]/);
    expect(await run([], true, [claims])).toEqual(eager);
  }, 120_000);
});
