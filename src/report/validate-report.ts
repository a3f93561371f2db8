import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { precompiledValidator } from '../_internals/precompiled-validator.js';
import type { RunReport } from '../suite/result.js';

/** The JSON Schema (draft 2020-12) of the JSON report, as shipped in the package. */
export const REPORT_SCHEMA: object = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as object;

let validator: ValidateFunction | undefined;

/** One schema violation: where in the document (JSON pointer) and what is wrong. */
export interface ReportSchemaError {
  readonly pointer: string;
  readonly message: string;
}

/** Validates a parsed JSON report against src/schemas/report.schema.json; [] when valid. */
export function validateReport(value: unknown): ReportSchemaError[] {
  // Compiled once per schema and ajv version, then loaded from the on-disk cache.
  validator ??= precompiledValidator(REPORT_SCHEMA, { allErrors: true, strict: true });
  if (validator(value)) return [];
  return (validator.errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    const extra = typeof params['additionalProperty'] === 'string' ? ` ('${params['additionalProperty']}')` : '';
    return { pointer: error.instancePath === '' ? '/' : error.instancePath, message: `${error.message ?? error.keyword}${extra}` };
  });
}

/** Type guard form of validateReport. */
export function isRunReport(value: unknown): value is RunReport {
  return validateReport(value).length === 0;
}
