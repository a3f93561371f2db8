import type { RunReport } from '../suite/result.js';
import { writeReportFile } from './_internals/write-report-file.js';
import type { Reporter, ReporterContext } from './reporter.js';

/** File name of the JSON report inside the output folder; `kegcheck merge` reads these. */
export const JSON_REPORT_FILE = 'kegcheck-report.json';

/** `$id` of src/schemas/report.schema.json (a URN: nothing to fetch), stamped into every JSON report. */
export const REPORT_SCHEMA_ID = 'urn:kegcheck:schema:report:1';

/** Renders a run report as the JSON document the report schema describes. */
export function renderJsonReport(report: RunReport): string {
  return `${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...report }, null, 2)}\n`;
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
