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
}

/**
 * One output format. The runner calls `onStart`, then `onPluginResult` as each
 * keg × plugin finishes (streaming progress), then `onEnd` with the complete
 * report; `onEnd` returns the paths of the files it wrote (empty for console).
 */
export interface Reporter {
  readonly name: string;
  onStart?(info: RunStartInfo): void;
  onPluginResult?(suite: SuiteResult['suite'], plugin: PluginResult): void;
  onEnd(report: RunReport): Promise<string[]>;
}
