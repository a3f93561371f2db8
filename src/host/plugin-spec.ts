import type { LogRecord, StaticRead } from '../suite/result.js';

/**
 * A host function a suite declares for plugins of its type, provided in the
 * `extism:host/user` namespace next to the kegs host functions.
 */
export interface HostFunctionMock {
  /** Import name inside `extism:host/user`. */
  name: string;
  /**
   * What the function hands back: nothing, an i64, an f32, or a string /
   * byte buffer stored in Extism memory (the guest receives its offset).
   */
  returns: 'none' | 'i64' | 'f32' | 'str' | 'bin';
  /** Constant result. For `bin` a hex string (`"00ff"`), for `i64` a number or a decimal string. */
  value?: string | number | boolean;
  /** Path to a JS/TS module whose default export `(input: Uint8Array, calls: number) => value` computes the result. */
  script?: string;
}

/** Everything the host needs to instantiate one plugin. */
export interface PluginSpec {
  /** The compiled plugin. */
  wasmPath: string;
  /** `<keg>/plugins/<name>`; its `static/` folder is served first. */
  pluginDir: string;
  /** The keg root; its `static/` folder is the fallback. */
  kegRoot: string;
  /** Extism config visible through `config_get`. */
  config?: Record<string, string>;
  /** WASI preview 1, off unless a suite asks (no preopened paths either way). */
  wasi?: boolean;
  hostFunctions?: HostFunctionMock[];
  /** Cap on the guest's linear memory in 64 KiB pages; default 1024 (64 MiB). */
  maxMemoryPages?: number;
  /** Cap on a call's output (and on any single host-side block); default 64 MiB. */
  maxOutputBytes?: number;
  /** V8 heap cap of the worker running the plugin, in MiB; default 512. */
  maxHeapMb?: number;
  /** Echo `keg_print` / `keg_log` lines to stderr while capturing them. */
  echo?: boolean;
}

/** One call of a plugin export. */
export interface CallRequest {
  fn: string;
  input: Uint8Array;
  /** Deadline for instantiation plus call, in ms; default 5000. */
  timeoutMs?: number;
  /** Merged over `PluginSpec.config` for this call. */
  config?: Record<string, string>;
  /** false = reuse the instance of the previous call in this batch (stateful steps); default true: a fresh instance */
  fresh?: boolean;
}

/** Failure kinds a call can end with; every one is a result, never a rejection. */
export type CallFailureKind =
  | 'trap'
  | 'plugin-error'
  | 'exit-code'
  | 'timeout'
  | 'memory-limit'
  | 'output-limit'
  | 'crash'
  | 'link-error'
  | 'init-failed'
  | 'missing-export';

export type CallOutcome =
  | { kind: 'ok'; output: Uint8Array }
  | { kind: CallFailureKind; message: string; exitCode?: number };

/** What one call produced, plus everything the plugin did on the way. */
export type CallResult = CallOutcome & {
  elapsedMs: number;
  prints: string[];
  logs: LogRecord[];
  staticReads: StaticRead[];
  /** Names of `extism:host/user` functions the plugin called, in order (repeats collapsed). */
  hostCalls: string[];
};

/** Default limits, exported so the CLI and README quote the same numbers. */
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_MEMORY_PAGES = 1024;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_HEAP_MB = 512;
