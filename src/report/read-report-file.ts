import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import type { RunReport } from '../model/result.js';
import { JSON_REPORT_FILE } from './json-reporter.js';
import { validateReport } from './validate-report.js';

// JSON.parse names a character offset; people want line:column.
function positionOf(text: string, message: string): { line: number; column: number } | undefined {
  const match = /position (\d+)/.exec(message);
  if (match === null) return undefined;
  const offset = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Reads a JSON report written by the json reporter (a file, or a folder
 * holding kegcheck-report.json) and checks it against the report schema.
 * Throws KegcheckError `report-read`, `report-invalid-json` or
 * `report-invalid` with the file and the place of the problem.
 */
export async function readReportFile(path: string): Promise<RunReport> {
  let file = path;
  let text: string;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, JSON_REPORT_FILE);
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const hint = path.includes('*') ? ' (the shell did not expand the pattern: no file matched)' : '';
    throw new KegcheckError('report-read', `cannot read report ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}${hint}`, { location: { file }, cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const where = positionOf(text, (cause as Error).message);
    throw new KegcheckError('report-invalid-json', `not a JSON report: ${(cause as Error).message}`, { location: { file, ...where }, cause });
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) delete (value as Record<string, unknown>)['$schema'];
  const errors = validateReport(value);
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : '';
    throw new KegcheckError('report-invalid', `not a kegcheck report (expected the shape of src/schemas/report.schema.json): ${first.pointer} ${first.message}${more}`, {
      location: { file, pointer: first.pointer },
    });
  }
  return value as RunReport;
}
