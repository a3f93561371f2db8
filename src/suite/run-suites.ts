import { availableParallelism, hostname } from 'node:os';
import type { CoverageCollector } from '../host/coverage-collector.js';
import { KegcheckError } from '../kegcheck-error.js';
import type { PluginEcho } from '../host/plugin-echo.js';
import { Supervisor } from '../host/supervisor.js';
import type { Reporter } from '../model/reporter.js';
import { EXTISM_VERSION, KEGCHECK_VERSION } from '../version.js';
import type { ClaimOutcome, RunReport, SuiteResult } from '../model/result.js';
import { SummaryTally } from '../model/summary-tally.js';
import { plannedPlugins, randomSeed, runSuite, type KeepResults, type RunSuiteOptions, type SuiteTarget } from './run-suite.js';
import type { Suite } from './suite.js';

/** One suite and the targets it certifies. */
export interface SuitePlan {
  readonly suite: Suite;
  readonly targets: readonly SuiteTarget[];
}

export interface RunSuitesOptions extends Omit<RunSuiteOptions, 'supervisor' | 'onPluginResult' | 'keepResults'> {
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
  /**
   * What the returned report's `suites` keep of each plugin result (default
   * `all`, the complete report). `verdicts` drops each plugin's checks,
   * `none` every plugin (each suite then has `plugins: []`); `summary` is
   * always complete. Anything but `all` needs reporters that stream
   * (`Reporter.streams`): the CLI uses it so a run over 10,000 kegs does not
   * hold every result until the end.
   */
  readonly keepResults?: KeepResults;
  /** Receives what plugins print and log when their spec asks for echo (see SupervisorOptions.onEcho). */
  readonly onEcho?: (echo: PluginEcho) => void;
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
  const host = hostname();
  for (const r of reporters) r.onStart?.({ totalPlugins, seed, suites: plans.map((p) => suiteMeta(p.suite)), ...(options.shard === undefined ? {} : { shard: options.shard }), startedAt, hostname: host });
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
  const supervisor = new Supervisor({ workers, ...(coverage === undefined ? {} : { coverage }), ...(options.onEcho === undefined ? {} : { onEcho: options.onEcho }) });
  let interrupted = false;
  // Registered before any call takes the signal, so the supervisor stops first: calls in flight
  // end as crash ("aborted: interrupted") and the partial results are reported, not rejected.
  const interrupt = (): void => {
    interrupted = true;
    supervisor.abort('interrupted');
  };
  if (options.signal?.aborted === true) interrupt();
  else options.signal?.addEventListener('abort', interrupt, { once: true });
  const suites: SuiteResult[] = [];
  const tally = new SummaryTally();
  // Reporters that have not reached onEnd when the run throws are told to drop what they streamed.
  const pending = new Set(reporters);
  try {
    try {
      for (const plan of plans) {
        if (interrupted) break;
        const meta = suiteMeta(plan.suite);
        for (const r of reporters) r.onSuiteStart?.(meta);
        suites.push(
          await runSuite(plan.suite, plan.targets, {
            ...options,
            seed,
            supervisor,
            ...(coverage === undefined ? {} : { instrumented: true }),
            // One item per worker keeps every worker busy without items queueing for threads.
            concurrency: options.concurrency ?? workers,
            keepResults: options.keepResults ?? 'all',
            onPluginResult: (result) => {
              tally.add(result);
              for (const r of reporters) {
                try {
                  r.onPluginResult?.(meta, result);
                } catch (error) {
                  throw new KegcheckError('reporter-failed', `reporter '${r.name}' failed on ${result.keg.name}:${result.plugin.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
                }
              }
            },
          }),
        );
      }
    } finally {
      options.signal?.removeEventListener('abort', interrupt);
      await supervisor.close();
    }
    const report = await finishReport();
    const files: string[] = [];
    for (const r of reporters) {
      pending.delete(r);
      files.push(...(await r.onEnd(report)));
    }
    return { report, files };
  } finally {
    // A run that throws leaves no half-written report behind.
    for (const r of pending) await r.onAbandon?.().catch(() => undefined);
  }

  async function finishReport(): Promise<RunReport> {
    return {
      schemaVersion: 1,
      meta: {
        kegcheckVersion: KEGCHECK_VERSION,
        nodeVersion: process.version,
        extismVersion: EXTISM_VERSION,
        seed,
        startedAt,
        finishedAt: new Date().toISOString(),
        hostname: host,
        ...(options.shard === undefined ? {} : { shard: options.shard }),
        ...(options.argv === undefined ? {} : { argv: options.argv }),
      },
      suites,
      summary: tally.summary(),
      ...(coverage === undefined ? {} : { guestCoverage: await coverage.collect() }),
      ...(options.claims === undefined || options.claims.length === 0 ? {} : { claims: options.claims }),
    };
  }
}
