// Property batching, measured: the same properties (same seed, so the same
// inputs and calls) run with prefetch off (one supervisor round trip per run,
// the baseline) and on (the runs before a failure sent in batches, one instance per batch),
// alternating in one process so machine noise hits both alike.
// Run: node --import tsx src/suite/property-batching.bench.ts [rounds]
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const rounds = Number(process.argv[2] ?? '5');
const WORKLOADS = [
  { suite: 'conformance/vowelcounter.suite.toml', keg: 'fixtures/suites/vowelcounter/vowels_wat' },
  { suite: 'conformance/packed.suite.toml', keg: 'fixtures/suites/packed/packed_as' },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const supervisor = new Supervisor();
const loaded: { name: string; suite: Suite; keg: Keg }[] = [];
for (const w of WORKLOADS) {
  const s = await loadSuite(join(REPO, w.suite));
  if (s.kind !== 'ok') throw new Error(`${w.suite} does not load`);
  loaded.push({ name: w.suite, suite: s.suite, keg: await loadKeg(join(REPO, w.keg)) });
}

const results: Record<string, unknown>[] = [];
for (const { name, suite, keg } of loaded) {
  const once = async (prefetch: boolean): Promise<{ ms: number; runs: number }> => {
    const started = performance.now();
    const result = await runSuite(suite, [keg], { supervisor, seed: 1, prefetch, checks: ['property:*'] });
    const runs = result.plugins.flatMap((p) => p.checks).reduce((n, c) => n + (c.kind === 'case' || c.kind === 'property' ? (c.runs ?? 0) : 0), 0);
    return { ms: performance.now() - started, runs };
  };
  await once(true); // warm-up: workers started, module compiled
  const off: number[] = [];
  const on: number[] = [];
  let runs = 0;
  for (let i = 0; i < rounds; i++) {
    off.push((await once(false)).ms);
    const r = await once(true);
    on.push(r.ms);
    runs = r.runs;
  }
  const row = { workload: name, propertyRuns: runs, rounds, unbatchedMedianMs: Math.round(median(off)), batchedMedianMs: Math.round(median(on)), speedup: +(median(off) / median(on)).toFixed(2) };
  results.push(row);
  console.log(`${name}: ${runs} property runs; unbatched ${row.unbatchedMedianMs} ms, batched ${row.batchedMedianMs} ms (median of ${rounds}); batched is ${row.speedup}x faster`);
}
await supervisor.close();
for (const { keg } of loaded) await keg.dispose();
await mkdir(join(REPO, 'reports'), { recursive: true });
await writeFile(join(REPO, 'reports/bench-property-batching.json'), `${JSON.stringify({ results }, null, 2)}\n`);
