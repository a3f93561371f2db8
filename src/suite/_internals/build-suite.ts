import type { Finding } from '../../finding.js';
import type { TomlDocument } from '../../_internals/toml-document.js';
import type { Suite } from '../suite.js';
import { benchmarksSection } from './format/benchmarks-section.js';
import { casesSection } from './format/cases-section.js';
import { expectedFailSection } from './format/expected-fail-section.js';
import { functionsSection } from './format/functions-section.js';
import { hostOptionsSection, hostSection } from './format/host-section.js';
import { propertiesSection } from './format/properties-section.js';
import { createSectionContext } from './format/section-context.js';
import { readSuiteHead } from './format/suite-head.js';
import { EMPTY_SUITE_PARTS, type SuiteParts, type SuiteSection } from './format/suite-section.js';

export { DEFAULT_PROPERTY_RUNS } from './format/properties-section.js';

/**
 * The sections of a suite file, in the order they are read: later sections
 * use what earlier ones built (cases and properties look up functions), and
 * findings come out in this order. A new section is one entry here.
 */
export const SUITE_SECTIONS: readonly SuiteSection[] = [hostOptionsSection, functionsSection, casesSection, propertiesSection, benchmarksSection, hostSection, expectedFailSection];

// Turns a schema-valid suite document into a Suite, checking what a schema
// cannot: references between functions, cases and properties, values against
// declared types, regexes, output schemas and file paths.
export function buildSuite(doc: TomlDocument): { suite: Suite | undefined; findings: Finding[] } {
  const context = createSectionContext(doc);
  let parts: SuiteParts = EMPTY_SUITE_PARTS;
  for (const section of SUITE_SECTIONS) parts = { ...parts, ...section.parse(context, parts) };
  const { findings } = context;
  if (findings.some((f) => f.severity === 'error')) return { suite: undefined, findings };
  return {
    suite: {
      ...readSuiteHead(context),
      host: parts.host,
      functions: [...parts.functions.values()],
      cases: [...parts.cases],
      properties: [...parts.properties],
      ...(parts.benchmarks.length === 0 ? {} : { benchmarks: [...parts.benchmarks] }),
      expectedFail: [...parts.expectedFail],
    },
    findings,
  };
}
