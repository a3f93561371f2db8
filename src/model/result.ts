/**
 * The result model of a conformance run: suite × keg × plugin × check.
 * Reporters consume only this; the runner produces only this; the CLI turns
 * it into exit codes. Everything here is plain JSON-serialisable data
 * (bigints are rendered as decimal strings before they get here).
 */
import type { BenchmarkFigures } from './benchmark-result.js';
import type { GuestCoverage } from './guest-coverage.js';

/** Verdict of one check. `xfail`: failed as an `expected_fail` entry said; `xpass`: listed as expected to fail but passed (fails the run). */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'skip' | 'xfail' | 'xpass';

/** What kind of check produced a result. */
export type CheckKind = 'interface' | 'case' | 'property' | 'benchmark';

/** A place in a suite file (for annotations that point at the failing case). */
export interface SuiteLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface LogRecord {
  /** Level name: trace, debug, info, warn, error, critical. */
  readonly level: string;
  readonly text: string;
}

export interface StaticRead {
  readonly path: string;
  /** `ok`: served; `missing`: plugin-visible error; `refused`: escaped the static folder. */
  readonly outcome: 'ok' | 'missing' | 'refused';
  /** Where it was served from, relative to the keg root, when `ok`. */
  readonly resolved?: string;
  readonly reason?: string;
}

/** One `http_request` the plugin made: how the host answered it (see HttpRequestRecord in the host). */
export interface HttpRequestRecord {
  readonly method: string;
  readonly url: string;
  /** `answered` by a mock; `refused`: host not in allowed_hosts; `unanswered`: no mock; `too-large`: over max_http_response_bytes; `invalid`: unreadable request. */
  readonly outcome: 'answered' | 'refused' | 'unanswered' | 'too-large' | 'invalid';
  readonly status?: number;
}

/** One call of a suite mock, its input as text (UTF-8) or hex. */
export interface MockCallRecord {
  readonly name: string;
  readonly input: string | { readonly hex: string };
}

/** A shrunk property counterexample, rendered for people and for replay. */
export interface Counterexample {
  /** The generated input values as JSON (bigints as strings). */
  readonly values: unknown;
  /** The codec's hex view of the bytes sent (field boundaries marked). */
  readonly hex: string;
  /** The number of shrink steps fast-check took. */
  readonly shrinks: number;
  /** What came back, hex view, when a call returned. */
  readonly outputHex?: string;
  /** rejects_invalid: the rule the input broke (mutation kind, ajv keyword and places). */
  readonly broke?: {
    readonly mutation: string;
    readonly keyword: string;
    readonly instancePath: string;
    readonly schemaPath: string;
    readonly message: string;
  };
}

export interface CheckResult {
  /** Stable id within a plugin result: `interface:exports`, `case:3`, `property:roundtrip:echo`. */
  readonly id: string;
  readonly kind: CheckKind;
  /** Human name: the case name or a generated one. */
  readonly name: string;
  /** The plugin function the check exercised, if any. */
  readonly function?: string;
  readonly status: CheckStatus;
  readonly durationMs: number;
  readonly message?: string;
  /** Expected vs actual, both rendered as text, for diffs. */
  readonly diff?: { readonly expected: string; readonly actual: string };
  readonly counterexample?: Counterexample;
  /** fast-check seed (properties) and replay path. */
  readonly seed?: number;
  readonly replayPath?: string;
  /** Number of property runs actually executed / calls made. */
  readonly runs?: number;
  readonly prints?: readonly string[];
  readonly logs?: readonly LogRecord[];
  readonly staticReads?: readonly StaticRead[];
  /** The plugin's HTTP requests, in order (cases). */
  readonly httpRequests?: readonly HttpRequestRecord[];
  /** Calls of suite mocks with their inputs, in order (cases). */
  readonly hostCalls?: readonly MockCallRecord[];
  /** Reason from the `expected_fail` entry that matched. */
  readonly expectedFailReason?: string;
  /** Where in the suite file this check is declared. */
  readonly location?: SuiteLocation;
  /** Notes such as "lenient decode needed: 3 trailing bytes". */
  readonly notes?: readonly string[];
  /** `benchmark` checks: what was measured and the budget (see benchmark-result.ts). */
  readonly benchmark?: BenchmarkFigures;
}

export interface FunctionCoverage {
  readonly name: string;
  readonly cases: number;
  readonly propertyRuns: number;
  readonly called: boolean;
  /** Functions with input_schema: the schema branches the inputs went through. */
  readonly contract?: readonly ContractBranch[];
}

/**
 * One branch of a function's input_schema and how many golden case inputs
 * and property runs (valid inputs only) went through it.
 */
export interface ContractBranch {
  /** JSON pointer into the input schema. */
  readonly pointer: string;
  readonly kind: 'oneOf' | 'anyOf' | 'enum' | 'optional-present' | 'optional-absent';
  /** For people: `oneOf[1] (op = "neg")`, `enum "add"`, `"twice" absent`. */
  readonly label: string;
  readonly cases: number;
  readonly propertyRuns: number;
}

export interface PluginCoverage {
  readonly functions: readonly FunctionCoverage[];
  /** Host functions the plugin imports and those it actually called. */
  readonly hostFunctionsImported: readonly string[];
  readonly hostFunctionsCalled: readonly string[];
  readonly staticReads: readonly string[];
  /** Distinct HTTP requests the plugin made (`GET https://…`), present when there were any. */
  readonly httpRequests?: readonly string[];
}

export interface PluginResult {
  readonly keg: {
    readonly name: string;
    readonly version: string;
    /** What the user named: folder, .keg file, or store entry. */
    readonly source: string;
  };
  readonly plugin: {
    readonly name: string;
    readonly type: string;
    readonly wasmSha256: string;
  };
  readonly checks: readonly CheckResult[];
  readonly coverage: PluginCoverage;
  /** Overall verdict: pass when every check is pass, skip or xfail. */
  readonly verdict: 'pass' | 'fail';
}

export interface SuiteResult {
  readonly suite: {
    readonly file: string;
    readonly type: string;
    readonly version: string;
    readonly description?: string;
    /** The npm suite package the suite came from. */
    readonly package?: { readonly name: string; readonly version: string };
  };
  readonly plugins: readonly PluginResult[];
}

export interface RunMeta {
  readonly kegcheckVersion: string;
  readonly nodeVersion: string;
  readonly extismVersion: string;
  readonly seed: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly hostname?: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly argv?: readonly string[];
}

export interface RunSummary {
  readonly plugins: number;
  readonly checks: number;
  readonly byStatus: Readonly<Record<CheckStatus, number>>;
  readonly verdict: 'pass' | 'fail';
}

/**
 * What a plugin's conformance claim selected: `range` as written in its
 * metadata.toml `conforms` (undefined: no claim, the newest suite was used),
 * `suiteVersion` the suite version chosen (undefined: no given suite satisfies it).
 */
export interface ClaimOutcome {
  readonly keg: string;
  readonly kegSource: string;
  readonly plugin: string;
  readonly type: string;
  readonly range?: string;
  readonly suiteVersion?: string;
}

/** The complete result of one `kegcheck run` (or of a merge of shards). */
export interface RunReport {
  readonly schemaVersion: 1;
  readonly meta: RunMeta;
  readonly suites: readonly SuiteResult[];
  readonly summary: RunSummary;
  /** Which code of each plugin's wasm the run executed (`kegcheck run --coverage`). */
  readonly guestCoverage?: GuestCoverage;
  /** Present when suites were chosen by conformance claims or several versions of a type were given. */
  readonly claims?: readonly ClaimOutcome[];
}

const FAILING: ReadonlySet<CheckStatus> = new Set(['fail', 'error', 'timeout', 'xpass']);

/** True when a check status makes the run fail. */
export function isFailing(status: CheckStatus): boolean {
  return FAILING.has(status);
}

/** Summarises suites into counts and an overall verdict. */
export function summarize(suites: readonly SuiteResult[]): RunSummary {
  const byStatus: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, timeout: 0, skip: 0, xfail: 0, xpass: 0 };
  let plugins = 0;
  let checks = 0;
  for (const suite of suites) {
    for (const plugin of suite.plugins) {
      plugins += 1;
      for (const check of plugin.checks) {
        checks += 1;
        byStatus[check.status] += 1;
      }
    }
  }
  const failing = byStatus.fail + byStatus.error + byStatus.timeout + byStatus.xpass;
  return { plugins, checks, byStatus, verdict: failing === 0 ? 'pass' : 'fail' };
}
