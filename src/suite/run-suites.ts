import { availableParallelism, hostname } from 'node:os';
import type { CoverageCollector } from '../host/coverage-collector.js';
import { Supervisor } from '../host/supervisor.js';
import type { Reporter } from '../model/reporter.js';
import { EXTISM_VERSION, KEGCHECK_VERSION } from '../version.js';
import { summarize, type ClaimOutcome, type RunReport, type SuiteResult } from '../model/result.js';
import { plannedPlugins, randomSeed, runSuite, type RunSuiteOptions, type SuiteTarget } from './run-suite.js';
import type { Suite } from './suite.js';

/** One suite and the targets it certifies. */
export interface SuitePlan {
  readonly suite: Suite;
  readonly targets: readonly SuiteTarget[];
}

export interface RunSuitesOptions extends Omit<RunSuiteOptions, 'supervisor' | 'onPluginResult'> {
  readonly reporters?: readonly Reporter[];
  /** Worker threads for plugin calls (default: the supervisor's, one per core). */
  readonly workers?: number;
  /** Recorded in the report's meta. */
  readonly argv?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  /** Guest code coverage (`--coverage`): the plugins under test run instrumented; the report gets `guestCoverage`. */
  readonly coverage?: CoverageCollector;
  /** Aborted, pending calls stop (ending as `crash`, "interrupted") and no further suite starts. */
  readonly signal?: AbortSignal;
  /** Recorded in the report (see planClaimedRun). */
  readonly claims?: readonly ClaimOutcome[];
}

/** The report of a run and the files its reporters wrote. */
export interface RunOutcome {
  readonly report: RunReport;
  readonly files: readonly string[];
}

/**
 * Pairs targets with suites: with one suite, every target; with several,
 * each suite takes the targets holding a plugin of its type. Targets no suite
 * takes are returned so the caller can say so.
 */
export function planRun(suites: readonly Suite[], targets: readonly SuiteTarget[]): { plans: SuitePlan[]; unmatched: SuiteTarget[] } {
  if (suites.length === 1 && suites[0] !== undefined) return { plans: [{ suite: suites[0], targets }], unmatched: [] };
  const taken = new Set<SuiteTarget>();
  const plans = suites.map((suite) => {
    const mine = targets.filter((t) => t.keg.plugins.some((p) => p.type === suite.type && (t.plugin === undefined || t.plugin === p.name)));
    for (const t of mine) taken.add(t);
    return { suite, targets: mine };
  });
  return { plans: plans.filter((p) => p.targets.length > 0), unmatched: targets.filter((t) => !taken.has(t)) };
}

/**
 * Runs several suites on one supervisor with one seed, streaming plugin
 * results to the reporters, and returns the complete RunReport after every
 * reporter has written its files. Aborting `options.signal` (the CLI ties it
 * to SIGINT) stops pending calls; the partial results are still reported. The
 * library installs no signal handler of its own.
 */
export async function runSuites(plans: readonly SuitePlan[], options: RunSuitesOptions = {}): Promise<RunOutcome> {
  const reporters = options.reporters ?? [];
  const seed = options.seed ?? randomSeed();
  const startedAt = new Date().toISOString();
  const totalPlugins = plans.reduce((n, plan) => n + plan.targets.reduce((m, t) => m + plannedPlugins(plan.suite, t).filter((p) => options.include?.(t.keg, p, plan.suite) ?? true).length, 0), 0);
  const suiteMeta = (suite: Suite): SuiteResult['suite'] => ({ file: suite.file, type: suite.type, version: suite.version, ...(suite.description === undefined ? {} : { description: suite.description }), ...(suite.package === undefined ? {} : { package: suite.package }) });
  for (const r of reporters) r.onStart?.({ totalPlugins, seed, suites: plans.map((p) => suiteMeta(p.suite)), ...(options.shard === undefined ? {} : { shard: options.shard }) });
  const workers = Math.max(1, options.workers ?? availableParallelism());
  const coverage = options.coverage;
  if (coverage !== undefined) {
    for (const plan of plans) {
      for (const t of plan.targets) {
        for (const p of plannedPlugins(plan.suite, t)) {
          if (p.wasmPath !== undefined && (options.include?.(t.keg, p, plan.suite) ?? true)) coverage.track(p.wasmPath, { keg: t.keg.name, plugin: p.name });
        }
      }
    }
  }
  await coverage?.prepareTracked();
  const supervisor = new Supervisor({ workers, ...(coverage === undefined ? {} : { coverage }) });
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    supervisor.abort('interrupted');
  };
  if (options.signal?.aborted === true) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });
  const suites: SuiteResult[] = [];
  try {
    for (const plan of plans) {
      if (interrupted) break;
      const meta = suiteMeta(plan.suite);
      suites.push(
        await runSuite(plan.suite, plan.targets, {
          ...options,
          seed,
          supervisor,
          ...(coverage === undefined ? {} : { instrumented: true }),
          // One item per worker keeps every worker busy without items queueing for threads.
          concurrency: options.concurrency ?? workers,
          onPluginResult: (result) => {
            for (const r of reporters) r.onPluginResult?.(meta, result);
          },
        }),
      );
    }
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    await supervisor.close();
  }
  const report: RunReport = {
    schemaVersion: 1,
    meta: {
      kegcheckVersion: KEGCHECK_VERSION,
      nodeVersion: process.version,
      extismVersion: EXTISM_VERSION,
      seed,
      startedAt,
      finishedAt: new Date().toISOString(),
      hostname: hostname(),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.argv === undefined ? {} : { argv: options.argv }),
    },
    suites,
    summary: summarize(suites),
    ...(coverage === undefined ? {} : { guestCoverage: await coverage.collect() }),
    ...(options.claims === undefined || options.claims.length === 0 ? {} : { claims: options.claims }),
  };
  const files: string[] = [];
  for (const r of reporters) files.push(...(await r.onEnd(report)));
  return { report, files };
}
