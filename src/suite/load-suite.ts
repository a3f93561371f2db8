import { jsonSchemaArbitrary } from '../codec/json-schema-arbitrary.js';
import { parseSuiteText, readSuiteFile, SUITE_SCHEMA, type SuiteLoadResult } from './_internals/parse-suite-text.js';
import { provideSchemaArbitrary } from './_internals/schema-arbitrary-support.js';

// The public parseSuite is synchronous, so the input_schema generator is
// loaded with this module. kegcheck's own commands load suites through
// readSuiteFile instead, which loads it only for suites that need it.
provideSchemaArbitrary(jsonSchemaArbitrary);

export { SUITE_SCHEMA, type SuiteLoadResult };

/**
 * Parses suite text. `file` is used for locations and to resolve the suite's
 * relative paths (golden files, oracles, reference kegs, fixtures).
 */
export function parseSuite(text: string, file: string): SuiteLoadResult {
  return parseSuiteText(text, file);
}

/**
 * Reads and parses a `*.suite.toml` file. A missing or unreadable file throws
 * KegcheckError `suite-unreadable`; everything wrong inside the file comes
 * back as findings.
 */
export async function loadSuite(file: string): Promise<SuiteLoadResult> {
  return readSuiteFile(file);
}
