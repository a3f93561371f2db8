import type { BenchmarkSpec, ExpectedFail, GoldenCase, HostSettings, PropertySpec, SuiteFunction } from '../../suite.js';
import type { SectionContext } from './section-context.js';

/** The manifest options of `[host]`, which a case's own host keys start from. */
export type SuiteHostOptions = Partial<HostSettings> & { readonly wasi: boolean };

/** What the sections have built so far; each section reads earlier parts and adds its own. */
export interface SuiteParts {
  readonly hostOptions: SuiteHostOptions;
  readonly functions: ReadonlyMap<string, SuiteFunction>;
  readonly cases: readonly GoldenCase[];
  readonly properties: readonly PropertySpec[];
  readonly benchmarks: readonly BenchmarkSpec[];
  readonly host: HostSettings;
  readonly expectedFail: readonly ExpectedFail[];
}

export const EMPTY_SUITE_PARTS: SuiteParts = {
  hostOptions: { wasi: false },
  functions: new Map(),
  cases: [],
  properties: [],
  benchmarks: [],
  host: { config: {}, functions: [], wasi: false },
  expectedFail: [],
};

/**
 * One part of the suite format. Sections run in a fixed order (findings come
 * out in that order); a section reports problems through the context and
 * returns the parts it adds.
 */
export interface SuiteSection {
  /** The part of the file it reads, as a suite author writes it (e.g. `[[cases]]`). */
  readonly name: string;
  readonly parse: (context: SectionContext, parts: SuiteParts) => Partial<SuiteParts>;
}
