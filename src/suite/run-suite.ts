import { KegcheckError } from '../kegcheck-error.js';
import { Supervisor } from '../host/supervisor.js';
import type { Keg, KegPlugin } from '../keg/keg.js';
import { loadKeg } from '../keg/load-keg.js';
import { isFailing, type CheckResult, type PluginResult, type SuiteResult } from '../model/result.js';
import type { BenchmarkBaseline } from '../model/benchmark-result.js';
import type { ExpectedFail, Suite, SuiteFunction } from './suite.js';
import { applyExpectedFail, findExpectedFail, globMatches } from './_internals/apply-expected-fail.js';
import { runCase } from './_internals/checks/run-case.js';
import { expectsOnly } from './_internals/expected-outcome.js';
import { withCaseHost } from './_internals/manifest-options.js';
import { interfaceChecks } from './_internals/checks/interface-checks.js';
import { taskPool } from '../_internals/task-pool.js';
import { AbortWatch } from './_internals/abort-watch.js';
import { preparePropertyWorkers } from './_internals/properties/run-in-worker.js';
import { CoverageTracker } from './_internals/coverage-tracker.js';
import { GoldenWrites } from './_internals/golden-writes.js';
import { callablePlugin, pluginSpecFor, type PluginRunContext, type ReferencePlugin } from './_internals/plugin-context.js';
import { runCleanups } from '../_internals/run-cleanups.js';
import { KegLeases, type LeasedItem } from './_internals/keg-leases.js';

/** A keg to certify, optionally narrowed to one of its plugins (`keg:plugin`). */
export interface SuiteTarget {
  readonly keg: Keg;
  readonly plugin?: string;
  /**
   * Set when `keg` is only an outline (kegOutline; resolveRunTargets with
   * `stream`): loads the keg to run on the target's turn; runSuite disposes it
   * once its plugins' results are out, so a run holds a few kegs at a time.
   */
  readonly open?: () => Promise<Keg>;
}

export interface RunSuiteOptions {
  /** fast-check seed for every property (default: random, recorded in each result). */
  readonly seed?: number;
  /** Overrides every property's `runs`. */
  readonly runs?: number;
  /** fast-check replay path of a failing property (with `seed` and `checks`). */
  readonly replayPath?: string;
  /** Only cases and properties whose id or name matches one of these (`*` globs); interface checks always run. */
  readonly checks?: readonly string[];
  /** Rewrite `expect.file` golden files that differ or are missing. */
  readonly updateGolden?: boolean;
  /** Extra known failures (e.g. from `--expected-fail FILE`), on top of the suite's own. */
  readonly expectedFail?: readonly ExpectedFail[];
  /** Reference keg for `matches_reference`, overriding the suite's. */
  readonly reference?: string;
  /** Per-call deadline in ms, overriding the suite's `[host] timeout_ms`. */
  readonly timeoutMs?: number;
  /** A supervisor to share between suites; one is created (and closed) otherwise. */
  readonly supervisor?: Supervisor;
  /**
   * Keg × plugin items checked at once (default 1). Worth up to the
   * supervisor's worker count; results and `onPluginResult` keep plan order.
   */
  readonly concurrency?: number;
  /** Called as each keg × plugin finishes, in plan order (streaming reporters). */
  readonly onPluginResult?: (result: PluginResult) => void;
  /**
   * What the returned result keeps of each plugin (default `all`): `verdicts`
   * keeps each PluginResult without its checks (`checks: []`), `none` keeps
   * no plugin (`plugins: []`). With `onPluginResult` streaming the results
   * elsewhere, memory then stays flat however many kegs run.
   */
  readonly keepResults?: KeepResults;
  /** Called with the absolute path of each golden file written by `updateGolden`. */
  readonly onGoldenUpdated?: (path: string) => void;
  /** Batch the calls of each property's first runs (default true; false measures the unbatched path). */
  readonly prefetch?: boolean;
  /**
   * Internal: false runs properties' batched runs on the main thread (drawing
   * and judging there, as before properties moved into the workers), for the
   * test that compares reports both ways. Default true.
   */
  readonly propertiesInWorker?: boolean;
  /**
   * Internal: the fewest runs of one share when a long property is spread over
   * idle workers (default 1024); 0 never spreads. For the test that compares
   * reports spread and unspread.
   */
  readonly propertyShareRuns?: number;
  /** The plugins run instrumented (`--coverage`): benchmark checks are skipped, with the reason. */
  readonly instrumented?: boolean;
  /** Saved benchmark figures (`--baseline`): a benchmark that regressed beyond the threshold fails. */
  readonly baseline?: BenchmarkBaseline;
  /** Only keg × plugin pairs this accepts are run (e.g. one shard of the work); `suite` says which suite would run them. */
  readonly include?: (keg: Keg, plugin: KegPlugin, suite: Suite) => boolean;
  /**
   * Aborting stops the plugin calls in flight (Supervisor.run's signal); runSuite then rejects
   * with KegcheckError `aborted` once every item has ended. A supervisor stopped by its own
   * abort() instead ends pending calls as `crash` and runSuite resolves (runSuites does this).
   */
  readonly signal?: AbortSignal;
}

/** What a run keeps of the plugin results it streams (see RunSuiteOptions.keepResults). */
export type KeepResults = 'all' | 'verdicts' | 'none';

/** A fresh random fast-check seed (a 31-bit integer, so it prints and parses back unchanged). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/**
 * Certifies kegs against a suite: per plugin, static interface checks, then
 * golden cases (a fresh instance each, unless stateful), then properties.
 * Plugin misbehaviour is data in the result; only a request that cannot be
 * honoured (a named plugin the keg lacks) throws a KegcheckError.
 */
export async function runSuite(suite: Suite, targets: readonly (Keg | SuiteTarget)[], options: RunSuiteOptions = {}): Promise<SuiteResult> {
  const supervisor = options.supervisor ?? new Supervisor();
  if (options.propertiesInWorker !== false && options.instrumented !== true) preparePropertyWorkers(supervisor, suite, options.runs, options.propertyShareRuns);
  const seed = options.seed ?? randomSeed();
  const references = new Map<string, Promise<{ keg?: Keg; result: ReferencePlugin }>>();
  const expectedFail = [...suite.expectedFail, ...(options.expectedFail ?? [])];
  const goldenWrites = new GoldenWrites();
  const abort = new AbortWatch(options.signal);
  const items: LeasedItem[] = [];
  for (const raw of targets) {
    const target: SuiteTarget = 'keg' in raw ? raw : { keg: raw };
    for (const plugin of plannedPlugins(suite, target)) {
      if (options.include === undefined || options.include(target.keg, plugin, suite)) items.push({ target, keg: target.keg, plugin });
    }
  }
  const concurrency = options.concurrency ?? 1;
  const kegs = new KegLeases(items, concurrency);
  const keep = options.keepResults ?? 'all';
  const plugins: PluginResult[] = [];
  let failure: { error: unknown } | undefined;
  try {
    // Keg × plugin items share nothing but the supervisor and the reference
    // kegs, so they run side by side; results still come out in plan order.
    await taskPool(
      items.length,
      concurrency,
      async (i) => {
        abort.throwIfAborted();
        const item = await kegs.acquire(i);
        const result = await runPlugin(suite, item.keg, item.plugin, { ...options, seed, goldenWrites, abort }, supervisor, references, expectedFail);
        await kegs.release(i);
        // A check may have swallowed the abort: its verdict was never reached.
        abort.throwIfAborted();
        return result;
      },
      (result) => {
        if (keep === 'all') plugins.push(result);
        else if (keep === 'verdicts') plugins.push({ ...result, checks: [] });
        options.onPluginResult?.(result);
      },
      true,
    );
  } catch (error) {
    failure = { error };
  }
  // Every reference keg is disposed and an own supervisor closed even when one of them throws; the error that stopped the run stays the one thrown.
  await runCleanups(
    [() => kegs.close(), ...[...references.values()].map((loading) => async () => (await loading).keg?.dispose()), options.supervisor === undefined ? () => supervisor.close() : undefined],
    failure,
  );
  return {
    suite: { file: suite.file, type: suite.type, version: suite.version, ...(suite.description === undefined ? {} : { description: suite.description }), ...(suite.package === undefined ? {} : { package: suite.package }) },
    plugins,
  };
}

/**
 * The plugins of a target a suite runs: the named one, else every plugin of
 * the suite's type, else every plugin (each then fails the type check).
 * Throws KegcheckError `plugin-not-found` for a named plugin the keg lacks.
 */
export function plannedPlugins(suite: Suite, target: SuiteTarget): KegPlugin[] {
  const { keg } = target;
  if (target.plugin !== undefined) {
    const named = keg.plugins.find((p) => p.name === target.plugin);
    if (named === undefined) {
      throw new KegcheckError('plugin-not-found', `keg '${keg.name}' has no plugin '${target.plugin}'; it has: ${keg.plugins.map((p) => p.name).join(', ') || 'none'}`, {
        location: { file: keg.manifestFile },
      });
    }
    return [named];
  }
  const ofType = keg.plugins.filter((p) => p.type === suite.type);
  return ofType.length > 0 ? ofType : keg.plugins;
}

function selected(options: RunSuiteOptions, id: string, name: string): boolean {
  return options.checks === undefined || options.checks.some((pattern) => globMatches(pattern, id) || globMatches(pattern, name));
}

async function runPlugin(
  suite: Suite,
  keg: Keg,
  plugin: KegPlugin,
  options: RunSuiteOptions & { seed: number; goldenWrites: GoldenWrites; abort: AbortWatch },
  supervisor: Supervisor,
  references: Map<string, Promise<{ keg?: Keg; result: ReferencePlugin }>>,
  expectedFail: readonly ExpectedFail[],
): Promise<PluginResult> {
  const spec = pluginSpecFor(suite, keg, plugin, plugin.wasmPath ?? '');
  const iface = await interfaceChecks(suite, keg, plugin, spec);
  const hostImports = plugin.imports.filter((i) => i.module === 'extism:host/user').map((i) => i.name);
  const coverage = new CoverageTracker(suite.functions, hostImports);
  const checks: CheckResult[] = [...iface.checks];
  const functions = new Map<string, SuiteFunction>(suite.functions.map((f) => [f.name, f]));
  const ctx: PluginRunContext = {
    suite,
    keg,
    plugin,
    target: callablePlugin(supervisor, spec, coverage, options.abort),
    timeoutMs: options.timeoutMs ?? suite.host.timeoutMs,
    seed: options.seed,
    runs: options.runs,
    replayPath: options.replayPath,
    prefetch: options.prefetch !== false,
    ...(options.propertiesInWorker === false ? {} : { runTask: supervisor.task.bind(supervisor), availableWorkers: supervisor.availableWorkers.bind(supervisor) }),
    propertyShareRuns: options.propertyShareRuns,
    updateGolden: options.updateGolden === true,
    onGoldenUpdated: options.onGoldenUpdated ?? (() => undefined),
    goldenWrites: options.goldenWrites,
    coverage,
    reference: (fromProperty?: string) => referencePlugin(suite, options.reference ?? fromProperty ?? suite.reference, supervisor, references, options.abort),
    withHost: (overrides) => callablePlugin(supervisor, withCaseHost(spec, overrides), coverage, options.abort),
    functionNamed(name) {
      const fn = functions.get(name);
      if (fn === undefined) throw new Error(`suite function '${name}' vanished`);
      return fn;
    },
  };
  const skipAll = !iface.callable ? 'skipped: the interface checks failed, no call was made' : undefined;
  for (const c of suite.cases) {
    if (!selected(options, `case:${c.name}`, c.name)) continue;
    if (skipAll !== undefined && !(iface.unlinkable === true && expectsOnly(c.steps, 'link-error'))) {
      checks.push({ id: `case:${c.name}`, kind: 'case', name: c.name, status: 'skip', durationMs: 0, message: skipAll, location: c.at });
      continue;
    }
    checks.push(await runCase(ctx, c, iface.unusable));
  }
  for (const p of suite.properties) {
    if (!selected(options, `property:${p.name}`, p.name)) continue;
    if (skipAll !== undefined) {
      checks.push({ id: `property:${p.name}`, kind: 'property', name: p.name, function: p.function, status: 'skip', durationMs: 0, message: skipAll, location: p.at });
      continue;
    }
    // fast-check (~390 KB of JS) is loaded only by suites that have properties.
    const { runProperty } = await import('./_internals/property-checks.js');
    checks.push(await runProperty(ctx, p, iface.unusable));
  }
  for (const b of suite.benchmarks ?? []) {
    if (!selected(options, `benchmark:${b.name}`, b.name)) continue;
    if (skipAll !== undefined) {
      checks.push({ id: `benchmark:${b.name}`, kind: 'benchmark', name: b.name, function: b.function, status: 'skip', durationMs: 0, message: skipAll, location: b.at });
      continue;
    }
    const { runBenchmark } = await import('./_internals/benchmark-check.js');
    checks.push(await runBenchmark(ctx, b, iface.unusable, options));
  }
  const final = checks.map((check) => applyExpectedFail(check, findExpectedFail(expectedFail, keg, plugin.name, check)));
  return {
    keg: { name: keg.name, version: keg.version, source: keg.source },
    plugin: { name: plugin.name, type: plugin.type, wasmSha256: plugin.wasmSha256 ?? '' },
    checks: final,
    coverage: coverage.snapshot(),
    verdict: final.some((c) => isFailing(c.status)) ? 'fail' : 'pass',
  };
}

async function referencePlugin(
  suite: Suite,
  source: string | undefined,
  supervisor: Supervisor,
  references: Map<string, Promise<{ keg?: Keg; result: ReferencePlugin }>>,
  abort: AbortWatch,
): Promise<ReferencePlugin> {
  if (source === undefined) return { ok: false, message: 'matches_reference needs a reference keg: [suite] reference, the property\'s reference, or --reference' };
  let loading = references.get(source);
  if (loading === undefined) {
    loading = (async () => {
      let keg: Keg;
      try {
        keg = await loadKeg(source);
      } catch (error) {
        return { result: { ok: false, message: `cannot load reference keg ${source}: ${error instanceof Error ? error.message : String(error)}` } as const };
      }
      const plugin = keg.plugins.find((p) => p.type === suite.type && p.wasmPath !== undefined);
      if (plugin?.wasmPath === undefined) return { keg, result: { ok: false, message: `reference keg ${source} has no built plugin of type ${suite.type}` } as const };
      const spec = pluginSpecFor(suite, keg, plugin, plugin.wasmPath);
      return { keg, result: { ok: true, plugin: callablePlugin(supervisor, spec, undefined, abort), label: `${keg.name}:${plugin.name}` } as const };
    })();
    references.set(source, loading);
  }
  return (await loading).result;
}
