import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isKegcheckError, KegcheckError } from '../../kegcheck-error.js';
import type { Finding } from '../../finding.js';
import { parseTomlDocument, type TomlDocument } from '../../_internals/toml-document.js';
import { validateAgainstSchema } from '../../_internals/schema-validate.js';
import suiteSchema from '../../schemas/suite.schema.json' with { type: 'json' };
import type { Suite } from '../suite.js';
import { buildSuite } from './build-suite.js';
import { loadSchemaArbitrary } from './schema-arbitrary-support.js';

/**
 * A suite file after loading: `ok` with the suite (and any warnings), or
 * `invalid` with findings that name file, key path and line:column.
 */
export type SuiteLoadResult =
  | { readonly kind: 'ok'; readonly suite: Suite; readonly findings: readonly Finding[] }
  | { readonly kind: 'invalid'; readonly file: string; readonly findings: readonly Finding[] };

/** The suite format's JSON Schema (draft 2020-12), as shipped in src/schemas/suite.schema.json. */
export const SUITE_SCHEMA: object = suiteSchema;

type Parsed = { readonly kind: 'document'; readonly doc: TomlDocument } | Extract<SuiteLoadResult, { kind: 'invalid' }>;

function parseDocument(text: string, absolute: string): Parsed {
  try {
    return { kind: 'document', doc: parseTomlDocument(text, absolute) };
  } catch (error) {
    if (isKegcheckError(error) && error.code === 'toml-syntax') {
      return { kind: 'invalid', file: absolute, findings: [{ code: 'toml-syntax', severity: 'error', message: error.message, location: error.location ?? { file: absolute } }] };
    }
    throw error;
  }
}

function buildFromDocument(doc: TomlDocument, absolute: string): SuiteLoadResult {
  const schemaFindings = validateAgainstSchema(SUITE_SCHEMA, doc);
  if (schemaFindings.length > 0) return { kind: 'invalid', file: absolute, findings: schemaFindings };
  const { suite, findings } = buildSuite(doc);
  return suite === undefined ? { kind: 'invalid', file: absolute, findings } : { kind: 'ok', suite, findings };
}

/**
 * Parses suite text synchronously. A suite with an input_schema needs the
 * schema generator loaded first (loadSchemaArbitrary, or the public
 * parseSuite, which provides it).
 */
export function parseSuiteText(text: string, file: string): SuiteLoadResult {
  const absolute = resolve(file);
  const parsed = parseDocument(text, absolute);
  return parsed.kind === 'document' ? buildFromDocument(parsed.doc, absolute) : parsed;
}

/**
 * Reads and parses a `*.suite.toml` file, loading the schema generator (and
 * fast-check) only when a function declares an input_schema. A missing or
 * unreadable file throws KegcheckError `suite-unreadable`.
 */
export async function readSuiteFile(file: string): Promise<SuiteLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new KegcheckError('suite-unreadable', `cannot read suite file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      location: { file },
      cause: error,
    });
  }
  const absolute = resolve(file);
  const parsed = parseDocument(text, absolute);
  if (parsed.kind !== 'document') return parsed;
  if (declaresInputSchema(parsed.doc.value)) await loadSchemaArbitrary();
  return buildFromDocument(parsed.doc, absolute);
}

function declaresInputSchema(root: Record<string, unknown>): boolean {
  const functions = root['functions'];
  return Array.isArray(functions) && functions.some((fn) => typeof fn === 'object' && fn !== null && (fn as Record<string, unknown>)['input_schema'] !== undefined);
}
