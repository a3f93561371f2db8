import fc from 'fast-check';
import { valuesArbitrary } from '../../codec/arbitraries.js';
import { encode } from '../../codec/encode.js';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { BenchmarkBaseline, BenchmarkFigures } from '../../model/benchmark-result.js';
import type { CheckResult } from '../../model/result.js';
import type { BenchmarkSpec, SuiteFunction } from '../suite.js';
import { codecInput } from './checks/run-case.js';
import { inputSchemaOf } from './input-schema.js';
import type { CallablePlugin, PluginRunContext } from './plugin-context.js';
import {
  chooseIterations,
  DEFAULT_BENCHMARK_BUDGET_MS,
  DEFAULT_BENCHMARK_ROUNDS,
  DEFAULT_BENCHMARK_WARMUP,
  formatFigure,
  median,
  quantile,
} from './benchmark-stats.js';

/** How a run treats its benchmark checks. */
export interface BenchmarkRunOptions {
  /** The plugins run instrumented (`--coverage`): timings would measure the instrumentation, so benchmarks are skipped. */
  readonly instrumented?: boolean;
  /** Saved figures to compare with (`--baseline`). */
  readonly baseline?: BenchmarkBaseline;
}

// Calls of the probe that sizes the rounds (at least one per distinct input).
const PROBE_CALLS = 10;

type Side = { readonly ok: true; readonly times: number[]; readonly wallMs: number } | { readonly ok: false; readonly status: 'error' | 'timeout'; readonly message: string };

/**
 * Runs one `[[benchmarks]]` entry through the supervisor: warm-up, then
 * interleaved rounds of the plugin and the reference keg on the same inputs,
 * each side's calls on one instance (a first, untimed call instantiates it).
 * The verdict rests on the median of per-round time ratios, so a round
 * disturbed by other work on the machine does not decide it. A call that
 * fails or times out ends the check as `error` or `timeout`, never a ratio.
 */
export async function runBenchmark(ctx: PluginRunContext, b: BenchmarkSpec, unusable: ReadonlySet<string>, options: BenchmarkRunOptions): Promise<CheckResult> {
  // One benchmark at a time in the process: two measured side by side would slow each other down.
  const turn = benchmarkQueue.then(() => measureBenchmark(ctx, b, unusable, options));
  benchmarkQueue = turn.catch(() => undefined);
  return turn;
}

let benchmarkQueue: Promise<unknown> = Promise.resolve();

async function measureBenchmark(ctx: PluginRunContext, b: BenchmarkSpec, unusable: ReadonlySet<string>, options: BenchmarkRunOptions): Promise<CheckResult> {
  const started = performance.now();
  const base = { id: `benchmark:${b.name}`, kind: 'benchmark' as const, name: b.name, function: b.function, location: b.at };
  const elapsed = (): number => performance.now() - started;
  if (unusable.has(b.function)) return { ...base, status: 'skip', durationMs: 0, message: `skipped: the plugin does not export '${b.function}' as () -> i32 or () -> ()` };
  if (options.instrumented === true) {
    return { ...base, status: 'skip', durationMs: 0, message: 'skipped: --coverage runs the plugins instrumented, so their timings would measure the instrumentation' };
  }
  const found = await ctx.reference(b.reference);
  if (!found.ok && b.maxRatio !== undefined) return { ...base, status: 'error', durationMs: elapsed(), message: `max_ratio needs the reference keg: ${found.message}` };
  const reference = found.ok ? found : undefined;

  const fn = ctx.functionNamed(b.function);
  const inputs = benchmarkInputs(fn, b, ctx.seed);
  const rounds = b.rounds ?? DEFAULT_BENCHMARK_ROUNDS;
  // Warm-up goes through every input once at least, so the calibration sees them all.
  const warmup = Math.max(b.warmup ?? DEFAULT_BENCHMARK_WARMUP, inputs.length);
  const timeoutMs = ctx.timeoutMs;
  const measure = async (plugin: CallablePlugin, who: string, count: number, offset: number): Promise<Side> => {
    const calls: CallRequest[] = [];
    // Call 0 instantiates (and runs plugin_init); it is not timed.
    for (let i = 0; i <= count; i++) {
      calls.push({
        fn: b.function,
        input: inputs[(offset + i) % inputs.length] as Uint8Array,
        fresh: i === 0,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(b.config === undefined ? {} : { config: { ...b.config } }),
      });
    }
    const began = performance.now();
    const results = await plugin.call(calls);
    const wallMs = performance.now() - began;
    const bad = results.find((r) => r.kind !== 'ok');
    if (bad !== undefined) return failedSide(bad, who);
    return { ok: true, times: results.slice(1).map((r) => r.elapsedMs), wallMs };
  };
  const pluginLabel = b.function;
  const referenceLabel = reference === undefined ? '' : `${b.function} of the reference ${reference.label}`;

  // Warm-up: starts the workers, compiles, and lets the engine settle; then a
  // short probe per side, timed by wall clock (messages and instantiation
  // included: the budget is the time the check takes), sizes the rounds.
  const probeCalls = Math.max(PROBE_CALLS, inputs.length);
  let perCallMs = 0;
  for (const [plugin, who] of reference === undefined ? ([[ctx.target, pluginLabel]] as const) : ([[ctx.target, pluginLabel], [reference.plugin, referenceLabel]] as const)) {
    const warm = await measure(plugin, who, warmup, 0);
    if (!warm.ok) return { ...base, status: warm.status, durationMs: elapsed(), message: warm.message };
    if (b.iterations !== undefined) continue;
    const probe = await measure(plugin, who, probeCalls, 0);
    if (!probe.ok) return { ...base, status: probe.status, durationMs: elapsed(), message: probe.message };
    perCallMs += probe.wallMs / (probeCalls + 1);
  }
  const iterations = b.iterations ?? chooseIterations(b.budgetMs ?? DEFAULT_BENCHMARK_BUDGET_MS, rounds, perCallMs);

  const pluginTimes: number[] = [];
  const referenceTimes: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const offset = (round * iterations) % inputs.length;
    // Sides alternate which goes first, so drift within a round favours neither.
    const order = reference === undefined ? ['plugin'] : round % 2 === 0 ? ['plugin', 'reference'] : ['reference', 'plugin'];
    let pluginRound: number[] = [];
    let referenceRound: number[] = [];
    for (const side of order) {
      const measured = side === 'plugin' ? await measure(ctx.target, pluginLabel, iterations, offset) : await measure((reference as { plugin: CallablePlugin }).plugin, referenceLabel, iterations, offset);
      if (!measured.ok) return { ...base, status: measured.status, durationMs: elapsed(), message: measured.message };
      if (side === 'plugin') pluginRound = measured.times;
      else referenceRound = measured.times;
    }
    pluginTimes.push(...pluginRound);
    if (reference !== undefined) {
      referenceTimes.push(...referenceRound);
      // Medians, not sums: a call the machine preempted does not move a round.
      ratios.push(median(pluginRound) / Math.max(median(referenceRound), Number.MIN_VALUE));
    }
  }

  const us = (ms: number): number => Math.round(ms * 1000 * 100) / 100;
  const ratio = reference === undefined ? undefined : Math.round(median(ratios) * 10_000) / 10_000;
  const p50Us = us(quantile(pluginTimes, 0.5));
  const p95Us = us(quantile(pluginTimes, 0.95));
  const failures: string[] = [];
  if (ratio !== undefined && b.maxRatio !== undefined && ratio > b.maxRatio) failures.push(`median ratio ${formatFigure(ratio)}x the reference is above max_ratio ${b.maxRatio}x`);
  if (b.maxUsP95 !== undefined && p95Us > b.maxUsP95) failures.push(`p95 ${formatFigure(p95Us)} µs per call is above max_us_p95 ${b.maxUsP95} µs`);
  const compared = compareWithBaseline(options.baseline, { suiteType: ctx.suite.type, keg: ctx.keg.name, plugin: ctx.plugin.name, checkId: base.id }, ratio, p50Us);
  if (compared?.regressed === true) {
    const what = compared.metric === 'ratio' ? 'median ratio' : 'p50 per call';
    const now = compared.metric === 'ratio' ? ratio : p50Us;
    failures.push(`${what} ${formatFigure(now ?? Number.NaN)} regressed beyond ${compared.threshold}x the baseline's ${formatFigure(compared.saved)} (${compared.file})`);
  }
  const figures: BenchmarkFigures = {
    ...(ratio === undefined ? {} : { ratio }),
    p50Us,
    p95Us,
    ...(reference === undefined ? {} : { referenceP50Us: us(quantile(referenceTimes, 0.5)), referenceP95Us: us(quantile(referenceTimes, 0.95)), reference: reference.label }),
    rounds,
    iterations,
    warmup,
    inputs: inputs.length,
    budget: { ...(b.maxRatio === undefined ? {} : { maxRatio: b.maxRatio }), ...(b.maxUsP95 === undefined ? {} : { maxUsP95: b.maxUsP95 }) },
    ...(compared === undefined ? {} : { baseline: compared }),
  };
  return {
    ...base,
    status: failures.length === 0 ? 'pass' : 'fail',
    durationMs: elapsed(),
    // Generated inputs come from the seed: the replay command must carry it.
    ...(b.input.kind === 'generated' ? { seed: ctx.seed } : {}),
    ...(failures.length === 0 ? {} : { message: failures.join('; ') }),
    ...(options.baseline !== undefined && compared === undefined ? { notes: [`no figure for this check in the baseline ${options.baseline.file}`] } : {}),
    benchmark: figures,
  };
}

// The encoded inputs the calls cycle through; generated ones are drawn from the run's seed, so a rerun with the same seed sends the same bytes.
export function benchmarkInputs(fn: SuiteFunction, b: BenchmarkSpec, seed: number): Uint8Array[] {
  if (b.input.kind === 'fixed') return [encode(fn.input, codecInput(fn, b.input.values))];
  const arbitrary = inputSchemaOf(fn)?.arbitrary ?? valuesArbitrary(fn.input, b.input.constraints);
  return fc.sample(arbitrary, { seed, numRuns: b.input.samples }).map((values) => encode(fn.input, values));
}

function failedSide(result: CallResult, who: string): Side {
  const message = `${who} ended with ${result.kind} during the benchmark, so there is no timing to judge${'message' in result ? `: ${result.message}` : ''}`;
  return { ok: false, status: result.kind === 'timeout' ? 'timeout' : 'error', message };
}

function compareWithBaseline(
  baseline: BenchmarkBaseline | undefined,
  key: Parameters<BenchmarkBaseline['find']>[0],
  ratio: number | undefined,
  p50Us: number,
): BenchmarkFigures['baseline'] | undefined {
  const saved = baseline?.find(key);
  if (baseline === undefined || saved === undefined) return undefined;
  const metric = ratio !== undefined && saved.ratio !== undefined ? 'ratio' : 'p50Us';
  const before = metric === 'ratio' ? (saved.ratio as number) : saved.p50Us;
  const now = metric === 'ratio' ? (ratio as number) : p50Us;
  return { file: baseline.file, metric, saved: before, threshold: baseline.threshold, regressed: now > before * baseline.threshold };
}
