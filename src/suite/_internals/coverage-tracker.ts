import type { CallResult } from '../../host/plugin-spec.js';
import type { FunctionCoverage, PluginCoverage } from '../../model/result.js';
import type { SuiteFunction } from '../suite.js';
import { ContractCoverage } from './contract-coverage.js';
import { inputSchemaOf } from './input-schema.js';

const MAX_HTTP_LINES = 20;

/** What a run of calls exercised, gathered where they ran; order kept where the tracker keeps it (HTTP lines). */
export interface CoveredCalls {
  readonly called: readonly string[];
  readonly hostCalls: readonly string[];
  readonly staticReads: readonly string[];
  readonly httpLines: readonly string[];
}

/** Gathers CoveredCalls from call results, for CoverageTracker.absorb on another thread. */
export class CoveredCallsRecorder {
  readonly #called = new Set<string>();
  readonly #hostCalls = new Set<string>();
  readonly #staticReads = new Set<string>();
  readonly #http = new Set<string>();

  record(fn: string, result: CallResult): void {
    if (result.kind !== 'missing-export' && result.kind !== 'link-error') this.#called.add(fn);
    for (const name of result.hostCalls) this.#hostCalls.add(name);
    for (const read of result.staticReads) this.#staticReads.add(read.path);
    for (const request of result.httpRequests ?? []) this.#http.add(`${request.method} ${request.url}`);
  }

  take(): CoveredCalls {
    return { called: [...this.#called], hostCalls: [...this.#hostCalls], staticReads: [...this.#staticReads], httpLines: [...this.#http] };
  }
}

// Counts what the checks of one plugin exercised, for PluginResult.coverage.
export class CoverageTracker {
  readonly #functions = new Map<string, { cases: number; propertyRuns: number; called: boolean }>();
  readonly #hostCalls = new Set<string>();
  readonly #staticReads = new Set<string>();
  readonly #contracts = new Map<string, ContractCoverage>();
  readonly #http = new Set<string>();

  constructor(
    functions: readonly SuiteFunction[],
    private readonly hostImports: readonly string[],
  ) {
    for (const f of functions) {
      this.#functions.set(f.name, { cases: 0, propertyRuns: 0, called: false });
      const schema = inputSchemaOf(f);
      if (f.inputSchema !== undefined && schema !== undefined) this.#contracts.set(f.name, new ContractCoverage(f.inputSchema, schema.compiled));
    }
  }

  /** A valid input sent to `fn`, for the contract coverage of its input_schema. */
  recordInput(fn: string, value: unknown, source: 'case' | 'property'): void {
    this.#contracts.get(fn)?.record(value, source);
  }

  countCase(fn: string): void {
    const entry = this.#functions.get(fn);
    if (entry !== undefined) entry.cases += 1;
  }

  countPropertyRuns(fn: string, runs: number): void {
    const entry = this.#functions.get(fn);
    if (entry !== undefined) entry.propertyRuns += runs;
  }

  recordCall(fn: string, result: CallResult): void {
    const entry = this.#functions.get(fn);
    if (entry !== undefined && result.kind !== 'missing-export' && result.kind !== 'link-error') entry.called = true;
    for (const name of result.hostCalls) this.#hostCalls.add(name);
    for (const read of result.staticReads) this.#staticReads.add(read.path);
    for (const request of result.httpRequests ?? []) this.#addHttp(`${request.method} ${request.url}`);
  }

  /** Adds what calls made elsewhere (a worker running a property) exercised, as if recordCall had seen each. */
  absorb(covered: CoveredCalls): void {
    for (const fn of covered.called) {
      const entry = this.#functions.get(fn);
      if (entry !== undefined) entry.called = true;
    }
    for (const name of covered.hostCalls) this.#hostCalls.add(name);
    for (const path of covered.staticReads) this.#staticReads.add(path);
    for (const line of covered.httpLines) this.#addHttp(line);
  }

  #addHttp(line: string): void {
    this.#http.add(line);
  }

  /**
   * Properties make many distinct requests: the report lists the first
   * MAX_HTTP_LINES in sorted order and counts the rest. Sorted, not first
   * seen: results reach the tracker in the order batches end, which two
   * workers (or a loaded machine) can change from run to run.
   */
  #httpLines(): string[] | undefined {
    if (this.#http.size === 0) return undefined;
    const sorted = [...this.#http].sort();
    const dropped = sorted.length - MAX_HTTP_LINES;
    return dropped <= 0 ? sorted : [...sorted.slice(0, MAX_HTTP_LINES), `… ${dropped} more distinct requests`];
  }

  snapshot(): PluginCoverage {
    const functions: FunctionCoverage[] = [...this.#functions.entries()].map(([name, c]) => {
      const contract = this.#contracts.get(name)?.snapshot();
      return { name, ...c, ...(contract === undefined ? {} : { contract }) };
    });
    return {
      functions,
      hostFunctionsImported: [...this.hostImports],
      hostFunctionsCalled: [...this.#hostCalls].sort(),
      staticReads: [...this.#staticReads].sort(),
      ...(this.#http.size === 0 ? {} : { httpRequests: this.#httpLines() ?? [] }),
    };
  }
}
