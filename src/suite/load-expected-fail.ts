import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { parseTomlDocument } from '../_internals/toml-document.js';
import { validateAgainstSchema } from '../_internals/schema-validate.js';
import { SUITE_SCHEMA } from './_internals/parse-suite-text.js';
import type { ExpectedFail } from './suite.js';

const defs = (SUITE_SCHEMA as { $defs: Record<string, unknown> }).$defs;

// The same entries a suite's [[expected_fail]] holds, alone in a file.
export const EXPECTED_FAIL_FILE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['expected_fail'],
  additionalProperties: false,
  properties: { expected_fail: { type: 'array', items: { $ref: '#/$defs/expectedFail' } } },
  $defs: { expectedFail: defs['expectedFail'] },
};

/**
 * Reads a `--expected-fail` file: `[[expected_fail]]` tables with keg,
 * optional plugin, check and reason, as in a suite. Throws KegcheckError
 * `expected-fail-unreadable`, `toml-syntax` or `expected-fail-invalid`
 * (with the first finding's line:column).
 */
export async function loadExpectedFail(file: string): Promise<ExpectedFail[]> {
  const absolute = resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new KegcheckError('expected-fail-unreadable', `cannot read expected-fail file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { location: { file: absolute }, cause: error });
  }
  const doc = parseTomlDocument(text, absolute);
  const findings = validateAgainstSchema(EXPECTED_FAIL_FILE_SCHEMA, doc);
  const first = findings[0];
  if (first !== undefined) {
    throw new KegcheckError('expected-fail-invalid', `${first.message}${first.expected === undefined ? '' : ` (expected ${first.expected})`}`, { location: first.location });
  }
  return (doc.value['expected_fail'] as Record<string, string>[]).map((raw, i): ExpectedFail => {
    const at = doc.locate(`/expected_fail/${i}`);
    return {
      keg: raw['keg'] ?? '',
      ...(raw['plugin'] === undefined ? {} : { plugin: raw['plugin'] }),
      check: raw['check'] ?? '',
      reason: raw['reason'] ?? '',
      at: { file: absolute, ...(at === undefined ? {} : { line: at.line, column: at.column }) },
    };
  });
}
