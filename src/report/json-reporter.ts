import type { RunReport } from '../model/result.js';
import { JsonReportStream } from './_internals/json-report-stream.js';
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

/**
 * The complete result model plus run metadata, as `kegcheck-report.json`.
 * Streamed: plugin results go to the file's spool as they arrive (see
 * JsonReportStream), the same bytes as renderJsonReport in the end.
 */
export function createJsonReporter(context: ReporterContext): Reporter {
  let stream: JsonReportStream | undefined;
  // A write that fails mid-run is reported by onEnd, not thrown into the runner.
  let failure: { error: unknown } | undefined;
  const streaming = (work: (s: JsonReportStream) => void): void => {
    if (failure !== undefined) return;
    stream ??= new JsonReportStream(context.outDir, JSON_REPORT_FILE, REPORT_SCHEMA_ID);
    try {
      work(stream);
    } catch (error) {
      failure = { error };
      stream.discard();
    }
  };
  return {
    name: 'json',
    streams: true,
    onSuiteStart(suite) {
      streaming((s) => s.suiteStart(suite));
    },
    onPluginResult(suite, plugin) {
      streaming((s) => s.plugin(suite, plugin));
    },
    async onEnd(report) {
      if (failure !== undefined) throw failure.error;
      if (stream === undefined) return [await writeReportFile(context.outDir, JSON_REPORT_FILE, renderJsonReport(report))];
      if (stream.plugins !== report.summary.plugins) {
        stream.discard();
        throw new Error(`internal error: the JSON reporter got ${stream.plugins} plugin results, the report counts ${report.summary.plugins}`);
      }
      return [await stream.finish(report)];
    },
    async onAbandon() {
      stream?.discard();
    },
  };
}
