import type { PluginResult, RunReport, SuiteResult } from './result.js';

/** What a reporter may touch: where files go, the environment and the console. */
export interface ReporterContext {
  /** Folder every report file is written into (created when missing). */
  readonly outDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether the console is an interactive terminal (progress bar, colours). */
  readonly isTTY: boolean;
  /** Console output; reporters never write to `process.stdout` themselves. */
  readonly write: (text: string) => void;
  /** Treat declared functions that no check called as errors, not warnings. */
  readonly requireCoverage?: boolean;
}

/** Announced once before the first plugin runs, so progress can show totals. */
export interface RunStartInfo {
  /** Number of keg × plugin work items (over all suites) this run will report. */
  readonly totalPlugins: number;
  readonly seed: number;
  readonly suites?: readonly SuiteResult['suite'][];
  readonly shard?: { readonly index: number; readonly count: number };
  /** `meta.startedAt` and `meta.hostname` of the report `onEnd` will get (streamed files need them early). */
  readonly startedAt?: string;
  readonly hostname?: string;
}

/**
 * One output format. The runner calls `onStart`, then for each suite
 * `onSuiteStart` and `onPluginResult` as each keg × plugin finishes, in plan
 * order (streaming), then `onEnd` with the report; `onEnd` returns the paths
 * of the files it wrote (empty for console). When the run throws instead,
 * `onAbandon` is called in place of `onEnd` so partial files are removed.
 */
export interface Reporter {
  readonly name: string;
  /**
   * True when `onEnd` reads only the report's `meta`, `summary`,
   * `guestCoverage` and `claims` after a streamed run (the plugin results came
   * through `onPluginResult`), so the runner need not keep them
   * (`RunSuitesOptions.keepResults`). Called without streaming (`onEnd`
   * alone, as `kegcheck merge` does), such a reporter renders `report.suites`.
   */
  readonly streams?: boolean;
  onStart?(info: RunStartInfo): void;
  /** A suite begins (announced even when it then reports no plugin, e.g. an empty shard). */
  onSuiteStart?(suite: SuiteResult['suite']): void;
  onPluginResult?(suite: SuiteResult['suite'], plugin: PluginResult): void;
  onEnd(report: RunReport): Promise<string[]>;
  /** The run failed before `onEnd`: drop what was streamed (temporary files). Must not throw. */
  onAbandon?(): Promise<void>;
}
