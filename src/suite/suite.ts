/*
 * The in-memory form of a `*.suite.toml` file, after validation. Field names
 * follow the TOML contract (see README, "Suite format"); TOML snake_case keys
 * become camelCase here. Every part keeps the place it was declared so results
 * can point back into the suite file.
 */

import type { FieldType, Signature } from '../codec/signature.js';

/** Place in the suite file: file plus 1-based line and column when known. */
export interface DeclaredAt {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** An export every plugin of the suite's type must have. */
export interface SuiteFunction {
  readonly name: string;
  readonly description?: string;
  readonly input: Signature;
  readonly output: Signature;
  /** JSON Schema the decoded output must satisfy (json output only). */
  readonly outputSchema?: Record<string, unknown>;
  /**
   * JSON Schema of the input (json input only): properties draw inputs from
   * it, golden cases must satisfy it, `rejects_invalid` breaks it.
   */
  readonly inputSchema?: Record<string, unknown>;
  /** Absolute path of the file `inputSchema` came from, when not inline. */
  readonly inputSchemaFile?: string;
  /**
   * Packed output may carry bytes after the last field (`lenient_decode`, on
   * the function or the whole `[suite]`): golden cases ignore them and the
   * check's notes say it was needed. Otherwise trailing bytes fail the check.
   */
  readonly lenientDecode?: boolean;
  readonly at: DeclaredAt;
}

/**
 * A value the plugin is called with or expected to return, as written in the
 * suite and converted to codec form: i64 as bigint, f32 as number, str as
 * string, bin as Uint8Array; raw json input keeps its parsed JSON value.
 */
export type SuiteValue = bigint | number | string | Uint8Array | boolean | null | readonly SuiteValue[] | { readonly [key: string]: SuiteValue };

/** What a call must produce. Exactly one kind per expectation. */
export type Expectation =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'returns'; readonly values: readonly SuiteValue[] }
  | { readonly kind: 'error'; readonly pattern: RegExp; readonly source: string }
  /** `path` is absolute; `relative` is as written in the suite. */
  | { readonly kind: 'file'; readonly path: string; readonly relative: string }
  /** `expect = { outcome = "…" }`: how the call must end, optionally with a regex on the failure message. */
  | { readonly kind: 'outcome'; readonly outcome: ExpectedOutcome; readonly pattern?: RegExp; readonly source?: string };

/** The host's result kinds a case may demand (`expect.outcome`). */
export const EXPECTED_OUTCOMES = ['ok', 'plugin-error', 'exit-code', 'trap', 'timeout', 'memory-limit', 'output-limit', 'link-error', 'init-failed'] as const;
export type ExpectedOutcome = (typeof EXPECTED_OUTCOMES)[number];

/** An `http_requests` entry: method upper-cased. */
export interface ExpectedHttpRequest {
  readonly method: string;
  readonly url: string;
}

/** A `host_calls` entry; without `input`, any input matches. */
export interface ExpectedHostCall {
  readonly name: string;
  readonly input?: Uint8Array;
}

export interface ExpectedLog {
  readonly level: string;
  readonly text: string;
}

/** One call of a golden case (a plain case is one step). */
export interface CaseStep {
  readonly function: string;
  /** Input values: one for raw framing (none: empty), one per field for packed. */
  readonly input: readonly SuiteValue[];
  readonly expect: Expectation;
  readonly tolerance?: number;
  readonly prints?: readonly string[];
  readonly logs?: readonly ExpectedLog[];
  readonly staticReads?: readonly string[];
  readonly httpRequests?: readonly ExpectedHttpRequest[];
  readonly hostCalls?: readonly ExpectedHostCall[];
  readonly at: DeclaredAt;
}

/**
 * A golden case: one step on a fresh instance, or (`stateful`) several steps
 * on the same instance, in order.
 */
export interface GoldenCase {
  readonly index: number;
  readonly name: string;
  readonly stateful: boolean;
  readonly steps: readonly CaseStep[];
  readonly config?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** The case's own manifest options: its `http` mocks are asked before the suite's, the others replace the suite's. */
  readonly host?: CaseHostOverrides;
  readonly at: DeclaredAt;
}

/** Manifest options a case may set for itself (see docs/host.md). */
export type CaseHostOverrides = Pick<HostSettings, 'allowedHosts' | 'http' | 'httpResponseHeaders' | 'maxHttpResponseBytes' | 'maxVarBytes' | 'allowedPaths' | 'strictMocks'>;

export type PropertyCheck = 'roundtrip' | 'conforms' | 'deterministic' | 'oracle' | 'matches_reference' | 'isolated' | 'model' | 'rejects_invalid';

/** Generator limits for one argument (`input` names the raw input). */
export interface ArgConstraints {
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  readonly maxLength?: number;
  readonly alphabet?: string;
}

export interface PropertySpec {
  readonly index: number;
  readonly name: string;
  readonly function: string;
  readonly check: PropertyCheck;
  readonly runs: number;
  /** Keyed by argument name; raw inputs use the key `input`. */
  readonly constraints: Readonly<Record<string, ArgConstraints>>;
  /** Absolute path of the oracle module (`oracle` check). */
  readonly oracle?: string;
  /** Absolute path of the reference keg (`matches_reference`), overriding the suite's. */
  readonly reference?: string;
  readonly tolerance?: number;
  /**
   * `fresh_instance = true`: every run starts from a fresh plugin instance.
   * By default runs are batched, and the runs of one batch share an instance.
   */
  readonly freshInstance: boolean;
  readonly config?: Readonly<Record<string, string>>;
  /** `model` and `isolated`: the call sequences a run makes (see SequenceSpec). */
  readonly sequence?: SequenceSpec;
  readonly at: DeclaredAt;
}

/**
 * What the call sequences of a `model` or `isolated` property may hold. For
 * `model`, `function` is the first of `functions`.
 */
export interface SequenceSpec {
  /** Functions a sequence may call (model), or that may come before the judged call (isolated). */
  readonly functions: readonly string[];
  /** Calls per sequence, at most. */
  readonly maxSteps: number;
  /** Generator limits per function, keyed by function then argument name. */
  readonly constraints: Readonly<Record<string, Readonly<Record<string, ArgConstraints>>>>;
  /** Absolute path of the model module (`model`). */
  readonly model?: string;
}

/**
 * A `[[benchmarks]]` entry: a performance budget for one function, measured
 * against the suite's reference keg in the same run (see docs/suite-format.md).
 */
export interface BenchmarkSpec {
  readonly index: number;
  readonly name: string;
  readonly function: string;
  /** The inputs the calls cycle through: one fixed input, or drawn from the run's seed. */
  readonly input: { readonly kind: 'fixed'; readonly values: readonly SuiteValue[] } | { readonly kind: 'generated'; readonly samples: number; readonly constraints: Readonly<Record<string, ArgConstraints>> };
  /** Most allowed median of per-round plugin/reference time ratios. */
  readonly maxRatio?: number;
  /** Most allowed plugin p95 per call, in µs. */
  readonly maxUsP95?: number;
  /** Measured rounds (default 10). */
  readonly rounds?: number;
  /** Warm-up calls per side before measuring (default 20). */
  readonly warmup?: number;
  /** Calls per side per round; by default chosen so all rounds take about `budgetMs`. */
  readonly iterations?: number;
  /** Time the measured rounds aim for, in ms (default 2000). */
  readonly budgetMs?: number;
  /** Absolute path of the reference keg, overriding the suite's. */
  readonly reference?: string;
  readonly config?: Readonly<Record<string, string>>;
  readonly at: DeclaredAt;
}

export interface HostFunctionSpec {
  readonly name: string;
  /** Codec type of the mocked return value, or `none`. */
  readonly returns: FieldType | 'none';
  readonly value?: SuiteValue;
}

export interface HostSettings {
  readonly timeoutMs?: number;
  readonly maxMemoryPages?: number;
  readonly maxOutputBytes?: number;
  readonly wasi: boolean;
  readonly config: Readonly<Record<string, string>>;
  readonly functions: readonly HostFunctionSpec[];
  /** A mock call a case's `host_calls` does not list fails the case. */
  readonly strictMocks?: boolean;
  readonly allowedHosts?: readonly string[];
  readonly http?: readonly SuiteHttpMock[];
  readonly httpResponseHeaders?: boolean;
  readonly maxHttpResponseBytes?: number;
  readonly maxVarBytes?: number;
  /** Guest path → absolute host folder. */
  readonly allowedPaths?: Readonly<Record<string, string>>;
}

/** A `[[host.http]]` entry; `body` is text, hex, or an absolute file inside the suite's folder. */
export interface SuiteHttpMock {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly text: string } | { readonly hex: string } | { readonly file: string };
  readonly at: DeclaredAt;
}

/**
 * A known failure: `check` and `keg` (and `plugin`) match check ids or names,
 * `*` standing for any run of characters.
 */
export interface ExpectedFail {
  readonly keg: string;
  readonly plugin?: string;
  readonly check: string;
  readonly reason: string;
  readonly at: DeclaredAt;
}

export interface Suite {
  /** Absolute path of the suite file. */
  readonly file: string;
  readonly type: string;
  readonly version: string;
  readonly description?: string;
  /** Absolute path of the default reference keg for `matches_reference`. */
  readonly reference?: string;
  /** Absolute paths of the fixture kegs this suite certifies (used by `kegcheck start`). */
  readonly fixtures: readonly string[];
  /** The suite package the suite was loaded from (see suite-package.ts). */
  readonly package?: { readonly name: string; readonly version: string };
  readonly host: HostSettings;
  readonly functions: readonly SuiteFunction[];
  readonly cases: readonly GoldenCase[];
  readonly properties: readonly PropertySpec[];
  /** `[[benchmarks]]`: performance budgets (absent or empty when the suite states none). */
  readonly benchmarks?: readonly BenchmarkSpec[];
  readonly expectedFail: readonly ExpectedFail[];
}
