// Benchmark checks on the real host: vowels_wat against itself (ratio about 1)
// and vowels_slow_wat, which scans its input 40 times (ratio 20-50 here).
// Timing-based, so the assertions leave wide margins for 2 loaded cores:
// the fast plugin must pass max_ratio = 2, the slow one must fail it and pass 1000.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import type { Keg } from '../keg/keg.js';
import { loadKeg } from '../keg/load-keg.js';
import type { CheckResult, PluginResult } from '../model/result.js';
import { loadSuite, parseSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { benchmarkInputs } from './_internals/benchmark-check.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(REPO, 'fixtures/suites/vowelcounter');
const SLOW = join(REPO, 'fixtures/benchmarks/vowels_slow_wat');
const SUITE = join(REPO, 'fixtures/benchmarks/vowelcounter.suite.toml');
const STRICT = 'benchmark:twice the reference at most';
const LOOSE = 'benchmark:a thousand times the reference at most';

let supervisor: Supervisor;
let suite: Suite;
const kegs: Keg[] = [];
let scratch: ScratchRoot;

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 2 });
  const loaded = await loadSuite(SUITE);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  suite = loaded.suite;
  scratch = await scratchRoot();
});
afterAll(async () => {
  await supervisor.close();
  for (const k of kegs) await k.dispose();
  await scratch.dispose();
});

async function keg(path: string): Promise<Keg> {
  const k = await loadKeg(path);
  kegs.push(k);
  return k;
}

function check(plugin: PluginResult | undefined, id: string): CheckResult {
  const found = plugin?.checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
}

describe('benchmark checks', () => {
  it('pass the reference against itself and fail a 40x slower plugin at max_ratio 2', async () => {
    const result = await runSuite(suite, [await keg(join(DIR, 'vowels_wat')), await keg(SLOW)], { supervisor, seed: 7, concurrency: 2 });
    const [fast, slow] = result.plugins;
    const fastStrict = check(fast, STRICT);
    expect(fastStrict).toMatchObject({ kind: 'benchmark', status: 'pass', function: 'count_vowels', location: { file: SUITE } });
    expect(fastStrict.benchmark?.ratio).toBeLessThan(2);
    expect(fastStrict.benchmark).toMatchObject({ rounds: 7, warmup: 5, inputs: 1, reference: 'vowels_wat:count_vowels', budget: { maxRatio: 2 } });
    expect(fastStrict.benchmark?.p50Us).toBeGreaterThan(0);
    expect(fastStrict.benchmark?.p95Us).toBeGreaterThanOrEqual(fastStrict.benchmark?.p50Us ?? 0);
    expect(fastStrict.benchmark?.referenceP50Us).toBeGreaterThan(0);
    expect(fastStrict.benchmark?.iterations).toBeGreaterThanOrEqual(10);
    expect(check(fast, LOOSE).seed).toBe(7);

    const slowStrict = check(slow, STRICT);
    expect(slowStrict.status).toBe('fail');
    expect(slowStrict.benchmark?.ratio).toBeGreaterThan(5);
    expect(slowStrict.message).toMatch(/max_ratio 2x/);
    expect(slow?.verdict).toBe('fail');
    const slowLoose = check(slow, LOOSE);
    expect(slowLoose.status).toBe('pass');
    expect(slowLoose.benchmark?.inputs).toBe(8);
    // Correctness is the cases' job: the slow plugin still answers right.
    expect(check(slow, 'case:hello').status).toBe('pass');
  });

  it('draws the same generated inputs for the same seed', () => {
    const spec = suite.benchmarks?.[1];
    const fn = suite.functions[0];
    if (spec === undefined || fn === undefined) throw new Error('suite changed');
    const a = benchmarkInputs(fn, spec, 11);
    expect(a).toHaveLength(8);
    expect(benchmarkInputs(fn, spec, 11)).toEqual(a);
    expect(benchmarkInputs(fn, spec, 12)).not.toEqual(a);
  });

  it('is skipped, with the reason, when the plugins run instrumented', async () => {
    const result = await runSuite(suite, [await keg(join(DIR, 'vowels_wat'))], { supervisor, seed: 1, instrumented: true });
    const strict = check(result.plugins[0], STRICT);
    expect(strict.status).toBe('skip');
    expect(strict.message).toMatch(/--coverage/);
    expect(strict.benchmark).toBeUndefined();
  });

  it('ends as timeout, not a ratio, when the plugin misses its deadline', async () => {
    const big = 'aeiou bcd '.repeat(20_000);
    const timed = parseSuite(
      `[suite]\ntype = "kegs.testing.vowelcounter"\nversion = "1.0.0"\nreference = "../suites/vowelcounter/vowels_wat"\n[[functions]]\nname = "count_vowels"\ninput = "string"\noutput = "json"\n[[benchmarks]]\nfunction = "count_vowels"\ninput = "${big}"\nmax_ratio = 2\nwarmup = 1\n`,
      SUITE,
    );
    if (timed.kind !== 'ok') throw new Error(JSON.stringify(timed.findings));
    // 40 scans of 200 KB through a host call per byte take far longer than 30 ms.
    const result = await runSuite(timed.suite, [await keg(SLOW)], { supervisor, seed: 1, timeoutMs: 30 });
    const c = check(result.plugins[0], 'benchmark:count_vowels');
    expect(c.status).toBe('timeout');
    expect(c.benchmark).toBeUndefined();
  });

  it('ends as error when the plugin traps, and when max_ratio has no loadable reference', async () => {
    const trapping = await scratch.keg('vowels_trap', [
      {
        name: 'count_vowels',
        type: 'kegs.testing.vowelcounter',
        wat: '../../../fixtures/suites/vowelcounter/vowels_wat/plugins/count_vowels/src/wat/count_vowels.wat',
        replace: { '(call $output_set': '(unreachable) (call $output_set' },
      },
    ]);
    const result = await runSuite(suite, [await keg(trapping)], { supervisor, seed: 1, checks: [STRICT] });
    const c = check(result.plugins[0], STRICT);
    expect(c.status).toBe('error');
    expect(c.message).toMatch(/trap/);

    const noRef = await runSuite(suite, [await keg(join(DIR, 'vowels_wat'))], { supervisor, seed: 1, checks: [STRICT], reference: join(scratch.dir, 'missing') });
    expect(check(noRef.plugins[0], STRICT)).toMatchObject({ status: 'error' });
  });
});
