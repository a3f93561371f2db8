import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../model/result.js';
import type { BenchWorkspace } from './bench-workspace.js';
import { COLD_START_CASES, coldStartSuite, CPU_BOUND_MAX_LENGTH, CPU_BOUND_ROUNDS, cpuBoundSuite, parallelSuite, ROUNDTRIP_MAX_LENGTH, roundtripSuite } from './bench-suites.js';
import { median, timeNode, type ProcessRun } from './time-node.js';

export interface BenchContext {
  readonly root: string;
  readonly workspace: BenchWorkspace;
  /** Fewer repetitions and runs, for a smoke check of the harness itself. */
  readonly quick: boolean;
  readonly log: (line: string) => void;
  /** kegcheck's bin as installed from its packed tarball (see install-packed.ts). */
  readonly bin: string;
  /** The project kegcheck's tarball was installed into (a user's project: optional peers are added there). */
  readonly project: string;
  /** The raw SDK script, copied into the installed project so it loads the same @extism/extism. */
  readonly rawCalls: string;
}

interface FigureBase {
  readonly name: string;
  /** The goal as people read it, e.g. `<= 2.00×`. */
  readonly goal: string;
  readonly notes: readonly string[];
}

/** One bench row: a ratio of two measurements from the same run, or why it could not be measured. */
export type BenchFigure =
  | (FigureBase & {
      readonly status: 'measured';
      readonly ratio: number;
      readonly met: boolean;
      /** The kegcheck side, for people (`812 ms`). */
      readonly measured: string;
      /** The baseline side, for people. */
      readonly baseline: string;
      /** Every raw number behind the ratio, for bench.json. */
      readonly raw: Readonly<Record<string, number | readonly number[]>>;
    })
  | (FigureBase & { readonly status: 'error'; readonly error: string; readonly measured: string; readonly baseline: string; readonly ratio: number; readonly met: false });

/** The hand-written SDK script of the cold-start baseline (copied into the installed project to run). */
export const RAW_CALLS = fileURLToPath(new URL('./raw-sdk-calls.mjs', import.meta.url));
const RAW_LOOP = fileURLToPath(new URL('./raw-roundtrip-loop.mjs', import.meta.url));

export function errorFigure(name: string, goal: string, error: unknown): BenchFigure {
  const message = error instanceof Error ? error.message : String(error);
  return { name, goal, status: 'error', error: message, measured: (message.split('\n')[0] ?? '').slice(0, 120), baseline: '', ratio: Number.NaN, met: false, notes: [] };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

export interface KegcheckRun {
  readonly suite: string;
  readonly kegs: readonly string[];
  readonly workers: number;
  /** Folder for `--reporter json --out`; the report is `<dir>/kegcheck-report.json`. */
  readonly jsonReportDir?: string;
  /** More `kegcheck run` options, e.g. `--coverage`. */
  readonly extraArgs?: readonly string[];
  /** More environment variables for the run. */
  readonly env?: Readonly<Record<string, string>>;
}

/** `kegcheck run` as a user types it, in a fresh node process. */
export async function runKegcheck(context: BenchContext, run: KegcheckRun): Promise<ProcessRun> {
  const args = [context.bin, 'run', run.suite, ...run.kegs, '--workers', String(run.workers), '--seed', '42'];
  if (run.jsonReportDir !== undefined) args.push('--reporter', 'json', '--out', run.jsonReportDir);
  args.push(...(run.extraArgs ?? []));
  const result = await timeNode(args, { cwd: context.root, workDir: context.workspace.dir, ...(run.env === undefined ? {} : { env: run.env }) });
  // Exit 1 means checks failed, which would make the timing meaningless here: every bench keg conforms.
  if (result.exitCode !== 0) {
    throw new Error(`kegcheck run exited ${result.exitCode}: ${(result.stderr || result.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }
  return result;
}

async function rawNode(context: BenchContext, args: readonly string[]): Promise<ProcessRun> {
  const result = await timeNode(args, { cwd: context.root, workDir: context.workspace.dir });
  if (result.exitCode !== 0) throw new Error(`baseline exited ${result.exitCode}: ${result.stderr.trim()}`);
  return result;
}

/** Cold start: one small suite on one keg, kegcheck vs a hand-written SDK script making the same calls. */
export async function measureColdStart(context: BenchContext): Promise<BenchFigure> {
  const name = 'cold start (installed kegcheck: run 1 suite on 1 keg vs raw SDK script)';
  const goal = '<= 1.50×';
  try {
    const [keg] = await context.workspace.copies(join(context.root, 'fixtures/suites/vowelcounter/vowels_wat'), 'cold', 1);
    const suite = await context.workspace.write('cold/cold.suite.toml', coldStartSuite());
    const calls = await context.workspace.write(
      'cold/calls.json',
      JSON.stringify(COLD_START_CASES.map((c) => ({ fn: 'count_vowels', input: c.input, json: { count: c.count } }))),
    );
    const wasm = join(keg as string, 'plugins/count_vowels/plugin.wasm');
    const repeats = context.quick ? 3 : 7;
    // One unmeasured run of each warms the file cache, as any second run would.
    await runKegcheck(context, { suite, kegs: [keg as string], workers: 1 });
    await rawNode(context, [context.rawCalls, wasm, calls]);
    const kegcheck: number[] = [];
    const raw: number[] = [];
    // CPU time (every thread) moves less than wall time when other jobs share the machine.
    const kegcheckCpu: number[] = [];
    const rawCpu: number[] = [];
    // `kegcheck --version` is the floor any run pays: node and the CLI entry.
    const floor: number[] = [];
    for (let i = 0; i < repeats; i += 1) {
      const run = await runKegcheck(context, { suite, kegs: [keg as string], workers: 1 });
      kegcheck.push(run.wallMs);
      kegcheckCpu.push(run.cpuMs);
      const baseline = await rawNode(context, [context.rawCalls, wasm, calls]);
      raw.push(baseline.wallMs);
      rawCpu.push(baseline.cpuMs);
      floor.push((await rawNode(context, [context.bin, '--version'])).wallMs);
    }
    const ratio = median(kegcheck) / median(raw);
    context.log(`cold start: kegcheck ${ms(median(kegcheck))}, raw ${ms(median(raw))}`);
    return {
      name,
      goal,
      status: 'measured',
      ratio,
      met: ratio <= 1.5,
      measured: `${ms(median(kegcheck))} median of ${repeats}`,
      baseline: `${ms(median(raw))} median of ${repeats}`,
      raw: { kegcheckMs: kegcheck, rawSdkMs: raw, kegcheckVersionMs: floor, kegcheckCpuMs: kegcheckCpu, rawSdkCpuMs: rawCpu },
      notes: [
        `${COLD_START_CASES.length} calls of count_vowels; both sides are fresh node processes, wall time`,
        `CPU time, user + system of every thread (kegcheck runs two: the CLI and one worker): kegcheck ${ms(median(kegcheckCpu))}, raw script ${ms(median(rawCpu))} (${(median(kegcheckCpu) / median(rawCpu)).toFixed(2)}×)`,
        `\`kegcheck --version\` alone takes ${ms(median(floor))} (${(median(floor) / median(raw)).toFixed(2)}× the raw script)`,
      ],
    };
  } catch (error) {
    return errorFigure(name, goal, error);
  }
}

/** One scaling workload: the same `kegcheck run` with `--workers 1` and `--workers 2`. */
interface ScalingWorkload {
  readonly name: string;
  readonly goal: string;
  readonly minRatio: number;
  readonly fixture: string;
  readonly group: string;
  readonly suite: string;
  readonly rounds: number;
  readonly notes: readonly string[];
}

/**
 * Rounds alternate the two sides (1 worker, then 2) so a busy moment on the
 * shared machine lands on both; the ratio is of the medians of wall times.
 */
async function measureScaling(context: BenchContext, workload: ScalingWorkload): Promise<BenchFigure> {
  const { name, goal } = workload;
  try {
    const kegs = await context.workspace.copies(join(context.root, workload.fixture), workload.group, 8);
    const suite = await context.workspace.write(`${workload.group}/${workload.group}.suite.toml`, workload.suite);
    const one: number[] = [];
    const two: number[] = [];
    for (let i = 0; i < workload.rounds; i += 1) {
      one.push((await runKegcheck(context, { suite, kegs, workers: 1 })).wallMs);
      two.push((await runKegcheck(context, { suite, kegs, workers: 2 })).wallMs);
    }
    const ratio = median(one) / median(two);
    context.log(`${workload.group}: 1 worker ${ms(median(one))}, 2 workers ${ms(median(two))} (${ratio.toFixed(2)}×)`);
    return {
      name,
      goal,
      status: 'measured',
      ratio,
      met: ratio >= workload.minRatio,
      measured: `${ms(median(two))} with 2 workers, median of ${workload.rounds}`,
      baseline: `${ms(median(one))} with 1 worker, median of ${workload.rounds}`,
      raw: { oneWorkerMs: one, twoWorkersMs: two },
      notes: [...workload.notes, 'wall time of the whole `kegcheck run` process, process start included; rounds alternate 1 and 2 workers'],
    };
  } catch (error) {
    return errorFigure(name, goal, error);
  }
}

/**
 * Scaling where it can pay: a CPU-bound suite (the digest keg hashes its
 * input 4096 times per call, inputs up to 1 KiB) over 8 kegs, 2 workers vs 1.
 */
export async function measureParallelCpuBound(context: BenchContext): Promise<BenchFigure> {
  const runs = context.quick ? 8 : 40;
  return measureScaling(context, {
    name: 'parallel scaling, CPU-bound (8 digest kegs, 2 workers vs 1)',
    goal: '>= 1.70×',
    minRatio: 1.7,
    fixture: 'fixtures/suites/digest/digest_as',
    group: 'scaling',
    suite: cpuBoundSuite(runs),
    rounds: context.quick ? 1 : 5,
    notes: [
      `per keg: 3 golden cases, a ${runs}-run conforms and a ${Math.ceil(runs / 2)}-run deterministic property over inputs up to ${CPU_BOUND_MAX_LENGTH} bytes, ${CPU_BOUND_ROUNDS} FNV-1a rounds per call (config \`rounds\`)`,
    ],
  });
}

/** Scaling of tiny calls: the vowel suite over 8 kegs, where start-up and the main thread dominate. */
export async function measureParallel(context: BenchContext): Promise<BenchFigure> {
  return measureScaling(context, {
    name: 'parallel scaling, tiny calls (8 vowel kegs, 2 workers vs 1)',
    // Calls of a few microseconds cannot use a second core; a second worker must not cost time either.
    goal: '>= 1.00×',
    minRatio: 1,
    fixture: 'fixtures/suites/vowelcounter/vowels_wat',
    group: 'parallel',
    suite: parallelSuite(context.quick ? 100 : 400),
    rounds: context.quick ? 1 : 3,
    notes: ['calls of microseconds: most of the run is process and worker start and the main thread drawing values'],
  });
}

export function findPropertyCheck(report: RunReport): { runs: number; durationMs: number } {
  for (const suite of report.suites) {
    for (const plugin of suite.plugins) {
      for (const check of plugin.checks) {
        if (check.kind === 'property' && check.status === 'pass') return { runs: check.runs ?? 0, durationMs: check.durationMs };
      }
    }
  }
  throw new Error('the JSON report holds no passing property check');
}

/**
 * Property throughput: a 10,000-run roundtrip property vs the raw in-process
 * SDK loop. kegcheck runs with its default workers (one per core), so the
 * property may be spread over them (when the machine has cores free); the
 * raw loop is one thread. The one-worker figure is measured too and noted.
 */
export async function measurePropertyThroughput(context: BenchContext): Promise<BenchFigure> {
  const runs = context.quick ? 2000 : 10_000;
  const name = `property throughput (${runs}-run roundtrip vs raw SDK loop)`;
  const goal = '>= 0.80×';
  try {
    const [keg] = await context.workspace.copies(join(context.root, 'fixtures/suites/packed/packed_rust'), 'property', 1);
    const suite = await context.workspace.write('property/roundtrip.suite.toml', roundtripSuite(runs));
    const workers = availableParallelism();
    const measure = async (count: number): Promise<{ rate: number; wallMs: number; checkMs: number }> => {
      const reportDir = join(context.workspace.dir, `property/report-${count}`);
      const run = await runKegcheck(context, { suite, kegs: [keg as string], workers: count, jsonReportDir: reportDir });
      const check = findPropertyCheck(JSON.parse(await readFile(join(reportDir, 'kegcheck-report.json'), 'utf8')) as RunReport);
      if (check.runs !== runs) throw new Error(`the property ran ${check.runs} times, not ${runs}`);
      return { rate: check.runs / (check.durationMs / 1000), wallMs: run.wallMs, checkMs: check.durationMs };
    };
    const spread = await measure(workers);
    const one = workers === 1 ? spread : await measure(1);
    const wasm = join(keg as string, 'plugins/packed_echo/plugin.wasm');
    const loop = JSON.parse((await rawNode(context, [RAW_LOOP, wasm, 'echo', String(runs), '42', String(ROUNDTRIP_MAX_LENGTH)])).stdout) as { casesPerSec: number; failures: number; loopMs: number };
    if (loop.failures !== 0) throw new Error(`the raw loop saw ${loop.failures} mismatches`);
    const ratio = spread.rate / loop.casesPerSec;
    const oneRatio = one.rate / loop.casesPerSec;
    context.log(`property: kegcheck ${Math.round(spread.rate)} cases/s (${workers} workers), ${Math.round(one.rate)} cases/s (1 worker), raw ${Math.round(loop.casesPerSec)} cases/s`);
    return {
      name,
      goal,
      status: 'measured',
      ratio,
      met: ratio >= 0.8,
      measured: `${Math.round(spread.rate)} cases/s`,
      baseline: `${Math.round(loop.casesPerSec)} cases/s`,
      raw: { runs, workers, kegcheckCheckMs: spread.checkMs, kegcheckWallMs: spread.wallMs, oneWorkerCheckMs: one.checkMs, oneWorkerRatio: oneRatio, rawLoopMs: loop.loopMs },
      notes: [
        `kegcheck side: the property check's own duration from the JSON report, with the default --workers (${workers} here; the property is spread over them when cores are free), whole process ${ms(spread.wallMs)}; the raw loop is one thread`,
        `with --workers 1: ${Math.round(one.rate)} cases/s, ${oneRatio.toFixed(2)}× the raw loop`,
      ],
    };
  } catch (error) {
    return errorFigure(name, goal, error);
  }
}

/** A store folder of `count` symbolic links to one keg, as stores made of links to built kegs are. */
async function linkStore(context: BenchContext, keg: string, count: number): Promise<string> {
  const dir = join(context.workspace.dir, 'memory', `store-${count}`);
  await mkdir(dir, { recursive: true });
  for (let n = 0; n < count; n += 1) await symlink(keg, join(dir, `vowels_${String(n).padStart(5, '0')}`), 'dir');
  return dir;
}

/**
 * Memory: peak RSS (getrusage in the measured process, worker threads
 * included) of `kegcheck run <suite> --store DIR` over stores of 1, 100 and
 * 1,000 kegs: 100 vs 1, and 1,000 vs 100, where only growth per keg shows.
 */
export async function measureStoreMemory(context: BenchContext): Promise<BenchFigure[]> {
  const sizes = context.quick ? [1, 30, 300] : [1, 100, 1000];
  const [one, hundred, thousand] = sizes as [number, number, number];
  const names = [`memory (peak RSS, store of ${hundred} kegs vs ${one})`, `memory (peak RSS, store of ${thousand} kegs vs ${hundred})`] as const;
  const goals = ['<= 1.50×', '<= 1.20×'] as const;
  try {
    const [keg] = await context.workspace.copies(join(context.root, 'fixtures/suites/vowelcounter/vowels_wat'), 'memory', 1);
    const suite = await context.workspace.write('memory/memory.suite.toml', coldStartSuite());
    // An empty default store: only the store under test is searched.
    const env = { WASM_KEGS_PACKAGE_STORE_DIR: join(context.workspace.dir, 'memory', 'no-store'), KEGS_STORE_PATH: '' };
    const peak: number[] = [];
    const wall: number[] = [];
    for (const size of sizes) {
      const store = await linkStore(context, keg as string, size);
      const run = await runKegcheck(context, { suite, kegs: [], workers: 2, extraArgs: ['--store', store], env });
      if (!Number.isFinite(run.maxRssKb)) throw new Error('the measured process did not report its peak RSS');
      const planned = /RUN\s+(\d+) keg × plugin/.exec(run.stdout)?.[1];
      if (planned !== String(size)) throw new Error(`the run over a store of ${size} kegs checked ${planned ?? 'no'} keg × plugin items`);
      peak.push(run.maxRssKb);
      wall.push(run.wallMs);
      await rm(store, { recursive: true, force: true });
    }
    const [rss1, rss100, rss1000] = peak as [number, number, number];
    const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;
    context.log(`memory: store of ${one} ${mib(rss1)}, ${hundred} ${mib(rss100)}, ${thousand} ${mib(rss1000)}`);
    const raw = { storeSizes: sizes, peakRssKb: peak, wallMs: wall };
    const note = `\`kegcheck run <suite> --store DIR --workers 2\`, the store made of symbolic links to one keg (6 cases each); wall ${wall.map((w) => ms(w)).join(', ')}`;
    const figure = (i: 0 | 1, measured: number, baseline: number, limit: number, count: number, base: number): BenchFigure => ({
      name: names[i],
      goal: goals[i],
      status: 'measured',
      ratio: measured / baseline,
      met: measured / baseline <= limit,
      measured: `${mib(measured)} for ${count} kegs`,
      baseline: `${mib(baseline)} for ${base}`,
      raw,
      notes: i === 0 ? [note] : [`growth from ${hundred} to ${thousand} kegs: ${((rss1000 - rss100) / (thousand - hundred)).toFixed(1)} KiB per keg`],
    });
    return [figure(0, rss100, rss1, 1.5, hundred, one), figure(1, rss1000, rss100, 1.2, thousand, hundred)];
  } catch (error) {
    return names.map((name, i) => errorFigure(name, goals[i] as string, error));
  }
}
