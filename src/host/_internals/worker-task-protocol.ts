import type { CallRequest, CallResult, PluginSpec } from '../plugin-spec.js';

// A worker task: code a higher stage hands a worker by module path, run next
// to the plugin it calls (e.g. a whole property: drawing, calling, judging), so
// that only its verdict crosses threads. The host knows nothing of what the
// module does; it gives it the worker's plugins, under the usual deadlines.

/** What a task module may call: the plugins of its task, on this worker, one call at a time. */
export interface WorkerTaskHost {
  /**
   * Runs calls in order on plugin `plugin` (an index into the task's specs), as
   * Supervisor.run does: the first call on a fresh instance, later ones fresh
   * unless they say `fresh: false`. Each call runs under its deadline, held by
   * the parent: a call past it ends the whole task (the worker is stopped).
   */
  run(plugin: number, calls: readonly CallRequest[]): Promise<CallResult[]>;
}

/** A module a task names: one export, given the task's payload and the host. */
export interface WorkerTaskModule {
  runWorkerTask(payload: unknown, host: WorkerTaskHost): Promise<unknown>;
  /** Run once when the module is preloaded (PreloadMessage), while the worker waits: e.g. to compile its hot paths. */
  warmUpWorkerTask?(): void;
}

/** Parent → worker. */
export interface TaskMessage {
  readonly type: 'task';
  readonly batch: number;
  /** URL of the module to import (see WorkerTaskModule). */
  readonly module: string;
  readonly specs: readonly PluginSpec[];
  readonly payload: unknown;
}

/**
 * Parent → worker: import a task module now, while the worker waits, and run
 * its warm-up, so the first task naming it does not pay the import (a failure
 * here is left to that task, which imports it again and reports why).
 */
export interface PreloadMessage {
  readonly type: 'preload';
  readonly module: string;
}

/** Worker → parent: the task's answer (its module's return value) or why it threw. */
export type TaskReply =
  | { readonly type: 'task-done'; readonly batch: number; readonly value: unknown }
  | { readonly type: 'task-failed'; readonly batch: number; readonly message: string };

/** How a task ended, as the parent sees it. `lost`: the worker was stopped (a deadline, a crash, an abort). */
export type TaskOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly kind: 'lost' | 'threw' | 'unsupported'; readonly message: string };
