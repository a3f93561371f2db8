import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { RunReport } from '../suite/result.js';

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule.default;

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
  if (validator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    validator = ajv.compile(REPORT_SCHEMA);
  }
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
