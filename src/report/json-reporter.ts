import type { RunReport } from '../model/result.js';
import { writeReportFile } from './_internals/write-report-file.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { validateReport } from './validate-report.js';

/** File name of the JSON report inside the output folder; `kegcheck merge` reads these. */
export const JSON_REPORT_FILE = 'kegcheck-report.json';

/** `$id` of src/schemas/report.schema.json (a URN: nothing to fetch), stamped into every JSON report. */
export const REPORT_SCHEMA_ID = 'urn:kegcheck:schema:report:1';

/**
 * Renders a run report as the JSON document the report schema describes.
 * Every document is checked against the schema on the way out: a mismatch is
 * a kegcheck bug (the result model grew without its schema), so it throws.
 */
export function renderJsonReport(report: RunReport): string {
  const text = `${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...report }, null, 2)}\n`;
  const errors = validateReport(JSON.parse(text));
  if (errors.length > 0) {
    throw new Error(`internal error: the JSON report does not match src/schemas/report.schema.json: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`);
  }
  return text;
}

/** The complete result model plus run metadata, as `kegcheck-report.json`. */
export function createJsonReporter(context: ReporterContext): Reporter {
  return {
    name: 'json',
    async onEnd(report) {
      return [await writeReportFile(context.outDir, JSON_REPORT_FILE, renderJsonReport(report))];
    },
  };
}
