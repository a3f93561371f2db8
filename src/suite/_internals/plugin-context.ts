import { Buffer } from 'node:buffer';
import type { CallRequest, CallResult, HostFunctionMock, PluginSpec } from '../../host/plugin-spec.js';
import type { Supervisor } from '../../host/supervisor.js';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import type { AbortWatch } from './abort-watch.js';
import type { CoverageTracker } from './coverage-tracker.js';
import type { GoldenWrites } from './golden-writes.js';
import { manifestOptions } from './manifest-options.js';
import type { CaseHostOverrides, Suite, SuiteFunction } from '../suite.js';

// A plugin the runner can call: its spec plus the supervisor that runs it.
export interface CallablePlugin {
  readonly spec: PluginSpec;
  call(calls: readonly CallRequest[]): Promise<CallResult[]>;
}

// The reference implementation for `matches_reference`, or why there is none.
export type ReferencePlugin = { readonly ok: true; readonly plugin: CallablePlugin; readonly label: string } | { readonly ok: false; readonly message: string };

// Everything the checks of one keg × plugin need.
export interface PluginRunContext {
  readonly suite: Suite;
  readonly keg: Keg;
  readonly plugin: KegPlugin;
  readonly target: CallablePlugin;
  readonly timeoutMs: number | undefined;
  readonly seed: number;
  readonly runs: number | undefined;
  readonly replayPath: string | undefined;
  // Send the calls of a property's first runs ahead in batches (off only to measure it).
  readonly prefetch: boolean;
  readonly updateGolden: boolean;
  readonly onGoldenUpdated: (path: string) => void;
  // The golden files written in this run and by which item (--update-golden).
  readonly goldenWrites: GoldenWrites;
  readonly reference: (fromProperty?: string) => Promise<ReferencePlugin>;
  readonly coverage: CoverageTracker;
  /**
   * Runs a worker task (a property's batched runs in the worker that calls the
   * plugin, properties/run-in-worker.ts); absent, they run on this thread.
   */
  readonly runTask?: Supervisor['task'];
  /** Workers a task could have now without waiting (a long property is spread over them when more than one). */
  readonly availableWorkers?: Supervisor['availableWorkers'];
  /** The fewest runs of a property's share on one worker when spread (default 1024); 0 never spreads. */
  readonly propertyShareRuns?: number | undefined;
  functionNamed(name: string): SuiteFunction;
  /** The target under a case's own manifest options. */
  withHost(overrides: CaseHostOverrides): CallablePlugin;
}

export function pluginSpecFor(suite: Suite, keg: Keg, plugin: KegPlugin, wasmPath: string): PluginSpec {
  const mocks: HostFunctionMock[] = suite.host.functions.map((f) => {
    const value = f.value;
    let converted: string | number | boolean | undefined;
    if (typeof value === 'bigint') converted = value.toString();
    else if (value instanceof Uint8Array) converted = Buffer.from(value).toString('hex');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') converted = value;
    return { name: f.name, returns: f.returns, ...(converted === undefined ? {} : { value: converted }) };
  });
  return {
    wasmPath,
    pluginDir: plugin.dir,
    kegRoot: keg.root,
    config: { ...suite.host.config },
    wasi: suite.host.wasi,
    hostFunctions: mocks,
    ...(suite.host.maxMemoryPages === undefined ? {} : { maxMemoryPages: suite.host.maxMemoryPages }),
    ...(suite.host.maxOutputBytes === undefined ? {} : { maxOutputBytes: suite.host.maxOutputBytes }),
    ...manifestOptions(suite.host),
  };
}

// Runs calls through the supervisor, feeding every result to the coverage tracker.
export function callablePlugin(supervisor: Supervisor, spec: PluginSpec, coverage?: CoverageTracker, abort?: AbortWatch): CallablePlugin {
  const options = abort?.signal === undefined ? {} : { signal: abort.signal };
  return {
    spec,
    async call(calls) {
      let results: CallResult[];
      try {
        results = await supervisor.run(spec, calls, options);
      } catch (error) {
        throw abort === undefined ? error : abort.note(error);
      }
      if (coverage !== undefined) results.forEach((r, i) => coverage.recordCall(calls[i]?.fn ?? '', r));
      return results;
    },
  };
}
