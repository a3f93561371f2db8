import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isKegcheckError, KegcheckError } from '../kegcheck-error.js';
import type { Finding } from '../finding.js';
import { parseTomlDocument, type TomlDocument } from '../_internals/toml-document.js';
import { validateAgainstSchema } from '../_internals/schema-validate.js';
import suiteSchema from '../schemas/suite.schema.json' with { type: 'json' };
import { buildSuite } from './_internals/build-suite.js';
import type { Suite } from './suite.js';

/**
 * A suite file after loading: `ok` with the suite (and any warnings), or
 * `invalid` with findings that name file, key path and line:column.
 */
export type SuiteLoadResult =
  | { readonly kind: 'ok'; readonly suite: Suite; readonly findings: readonly Finding[] }
  | { readonly kind: 'invalid'; readonly file: string; readonly findings: readonly Finding[] };

/** The suite format's JSON Schema (draft 2020-12), as shipped in src/schemas/suite.schema.json. */
export const SUITE_SCHEMA: object = suiteSchema;

/**
 * Parses suite text. `file` is used for locations and to resolve the suite's
 * relative paths (golden files, oracles, reference kegs, fixtures).
 */
export function parseSuite(text: string, file: string): SuiteLoadResult {
  const absolute = resolve(file);
  let doc: TomlDocument;
  try {
    doc = parseTomlDocument(text, absolute);
  } catch (error) {
    if (isKegcheckError(error) && error.code === 'toml-syntax') {
      return { kind: 'invalid', file: absolute, findings: [{ code: 'toml-syntax', severity: 'error', message: error.message, location: error.location ?? { file: absolute } }] };
    }
    throw error;
  }
  const schemaFindings = validateAgainstSchema(SUITE_SCHEMA, doc);
  if (schemaFindings.length > 0) return { kind: 'invalid', file: absolute, findings: schemaFindings };
  const { suite, findings } = buildSuite(doc);
  return suite === undefined ? { kind: 'invalid', file: absolute, findings } : { kind: 'ok', suite, findings };
}

/**
 * Reads and parses a `*.suite.toml` file. A missing or unreadable file throws
 * KegcheckError `suite-unreadable`; everything wrong inside the file comes
 * back as findings.
 */
export async function loadSuite(file: string): Promise<SuiteLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new KegcheckError('suite-unreadable', `cannot read suite file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      location: { file },
      cause: error,
    });
  }
  return parseSuite(text, file);
}
