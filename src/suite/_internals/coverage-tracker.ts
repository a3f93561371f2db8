import type { CallResult } from '../../host/plugin-spec.js';
import type { FunctionCoverage, PluginCoverage } from '../../model/result.js';
import type { SuiteFunction } from '../suite.js';

const MAX_HTTP_LINES = 20;

// Counts what the checks of one plugin exercised, for PluginResult.coverage.
export class CoverageTracker {
  readonly #functions = new Map<string, { cases: number; propertyRuns: number; called: boolean }>();
  readonly #hostCalls = new Set<string>();
  readonly #staticReads = new Set<string>();
  readonly #http = new Set<string>();
  readonly #httpDropped = new Set<string>();

  constructor(
    functions: readonly SuiteFunction[],
    private readonly hostImports: readonly string[],
  ) {
    for (const f of functions) this.#functions.set(f.name, { cases: 0, propertyRuns: 0, called: false });
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
    for (const request of result.httpRequests ?? []) {
      const line = `${request.method} ${request.url}`;
      // Properties make many distinct requests; coverage keeps the first ones and a count.
      if (this.#http.size < MAX_HTTP_LINES || this.#http.has(line)) this.#http.add(line);
      else this.#httpDropped.add(line);
    }
  }

  snapshot(): PluginCoverage {
    const functions: FunctionCoverage[] = [...this.#functions.entries()].map(([name, c]) => ({ name, ...c }));
    return {
      functions,
      hostFunctionsImported: [...this.hostImports],
      hostFunctionsCalled: [...this.#hostCalls].sort(),
      staticReads: [...this.#staticReads].sort(),
      ...(this.#http.size === 0 ? {} : { httpRequests: [...[...this.#http].sort(), ...(this.#httpDropped.size === 0 ? [] : [`… ${this.#httpDropped.size} more distinct requests`])] }),
    };
  }
}
