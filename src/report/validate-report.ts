import type { ValidateFunction } from 'ajv';
import { schemaValidator } from '../_internals/schema-validator.js';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import type { RunReport } from '../model/result.js';

/** The JSON Schema (draft 2020-12) of the JSON report, as shipped in the package. */
export const REPORT_SCHEMA: object = reportSchema;

/** The ajv options the report schema is compiled with (strict: the schema is ours). */
export const REPORT_VALIDATOR_OPTIONS = { allErrors: true, strict: true } as const;

let validator: ValidateFunction | undefined;

/** One schema violation: where in the document (JSON pointer) and what is wrong. */
export interface ReportSchemaError {
  readonly pointer: string;
  readonly message: string;
}

/** Validates a parsed JSON report against src/schemas/report.schema.json; [] when valid. */
export function validateReport(value: unknown): ReportSchemaError[] {
  validator ??= schemaValidator(REPORT_SCHEMA, REPORT_VALIDATOR_OPTIONS);
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
