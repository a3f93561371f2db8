import { validateAgainstSchema } from '../../../_internals/schema-validate.js';
import { parseTomlDocument } from '../../../_internals/toml-document.js';
import suiteSchema from '../../../schemas/suite.schema.json' with { type: 'json' };
import { createSectionContext, type SectionContext } from './section-context.js';
import { EMPTY_SUITE_PARTS, type SuiteParts, type SuiteSection } from './suite-section.js';

/** The suite file the section tests pretend to read (relative paths resolve beside it). */
export const TEST_SUITE_FILE = '/tmp/kegcheck-format-test/example.suite.toml';

/** Runs `sections` in order over a suite text, as buildSuite does (for tests of one section). */
export function runSections(text: string, sections: readonly SuiteSection[]): { context: SectionContext; parts: SuiteParts } {
  const doc = parseTomlDocument(text, TEST_SUITE_FILE);
  // Sections read schema-valid documents only, as buildSuite gets them.
  const invalid = validateAgainstSchema(suiteSchema, doc);
  if (invalid.length > 0) throw new Error(`test suite breaks the schema: ${invalid.map((f) => f.message).join('; ')}`);
  const context = createSectionContext(doc);
  let parts = EMPTY_SUITE_PARTS;
  for (const section of sections) parts = { ...parts, ...section.parse(context, parts) };
  return { context, parts };
}
