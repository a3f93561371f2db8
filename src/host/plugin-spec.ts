import type { HttpRequestRecord, LogRecord, StaticRead } from '../model/result.js';

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

/** A canned answer to the plugin's `http_request` (`[[host.http]]`); kegcheck never uses the network. */
export interface HttpMock {
  /** Upper-case method; default GET. */
  method: string;
  /** The URL exactly, or a glob over the whole URL (minimatch, as Extism matches hosts). */
  url: string;
  /** Default 200. */
  status: number;
  /** Response headers (names as given; http_headers reports them lower-cased, as fetch does). */
  headers: Record<string, string>;
  /** The body as text, as hex, or as an absolute file path read when the plugin is loaded. */
  body: { text: string } | { hex: string } | { file: string };
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
  /** Extism `allowed_hosts`: host names or globs `http_request` may reach; none by default. */
  allowedHosts?: string[];
  /** Answers to `http_request`, first match wins. */
  httpMocks?: HttpMock[];
  /** Extism `allow_http_response_headers`: `http_headers` returns the last response's headers (else 0). */
  httpResponseHeaders?: boolean;
  /** Extism `memory.max_http_response_bytes`: a larger body makes `http_request` return 0 and log an error. */
  maxHttpResponseBytes?: number;
  /** Extism `memory.max_var_bytes`: total bytes of Extism vars. */
  maxVarBytes?: number;
  /** Extism `allowed_paths` for WASI: guest path → absolute host folder; the plugin gets a fresh copy per instance. */
  allowedPaths?: Record<string, string>;
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
  /** Calls of suite mocks with their input, in order (absent when there were none). */
  mockCalls?: MockCall[];
  /** The plugin's `http_request` calls, in order (absent when there were none). */
  httpRequests?: HttpRequestRecord[];
};

/** One call of a suite mock: its name and the bytes the plugin passed (empty without an argument). */
export interface MockCall {
  name: string;
  input: Uint8Array;
}

export type { HttpRequestRecord } from '../model/result.js';

/** Default limits, exported so the CLI and README quote the same numbers. */
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_MEMORY_PAGES = 1024;
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_HEAP_MB = 512;
