import type { BenchmarkSpec } from '../../suite.js';
import { buildBenchmarks } from '../build-benchmarks.js';
import { argNamesOf } from '../build-sequence-spec.js';
import { functionLookup } from './functions-section.js';
import { buildConstraints } from './property-constraints.js';
import type { Table } from './section-context.js';
import type { SuiteSection } from './suite-section.js';
import { convertInput } from './step-values.js';

/** `[[benchmarks]]`: performance budgets measured against the suite's reference keg. */
export const benchmarksSection: SuiteSection = {
  name: '[[benchmarks]]',
  parse(context, parts) {
    const { root, head, suiteDir, at, report } = context;
    const benchmarks: BenchmarkSpec[] = buildBenchmarks((root['benchmarks'] ?? []) as Table[], {
      suiteDir,
      suiteHasReference: typeof head['reference'] === 'string',
      at,
      report,
      lookupFunction: functionLookup(context, parts.functions),
      convertInput: (fn, table, pointer) => convertInput(report, fn, table, pointer),
      constraintsFor: (raw, fn, pointer) => buildConstraints(report, raw, argNamesOf(fn), pointer),
    });
    return { benchmarks };
  },
};
