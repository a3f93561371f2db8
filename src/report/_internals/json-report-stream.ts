import type { PluginResult, RunReport, SuiteResult } from '../../model/result.js';
import { validateReport, type ReportSchemaError } from '../validate-report.js';
import { SpoolFile, writeSpooledReport } from './spool-file.js';

// The JSON report written as results arrive, byte for byte what
// `JSON.stringify({ $schema, ...report }, null, 2)` gives for the whole
// report: `suites` is streamed into a spool file with the indentation it has
// in the document (plugins at depth 4, 8 spaces), and the document around it,
// whose `meta` and `summary` are known only at the end, is rendered then with
// `suites: []` and spliced around the spool. JSON strings never hold a raw
// newline, so re-indenting a value line by line cannot touch its content.

const SUITES_KEY = '\n  "suites": ';

const indent = (text: string, spaces: number): string => text.replaceAll('\n', `\n${' '.repeat(spaces)}`);

// A valid document around one plugin result, to check each result against
// the report schema as it streams (the document head is checked at the end).
const PLACEHOLDER_HEAD = {
  schemaVersion: 1,
  meta: { kegcheckVersion: '0', nodeVersion: '0', extismVersion: '0', seed: 0, startedAt: '1970-01-01T00:00:00.000Z', finishedAt: '1970-01-01T00:00:00.000Z' },
  summary: { plugins: 0, checks: 0, byStatus: { pass: 0, fail: 0, error: 0, timeout: 0, skip: 0, xfail: 0, xpass: 0 }, verdict: 'pass' },
};

export class JsonReportStream {
  readonly #outDir: string;
  readonly #fileName: string;
  readonly #schemaId: string;
  #spool: SpoolFile | undefined;
  #suite: SuiteResult['suite'] | undefined;
  #suites = 0;
  #pluginsInSuite = 0;
  #plugins = 0;
  #invalid: ReportSchemaError[] = [];

  constructor(outDir: string, fileName: string, schemaId: string) {
    this.#outDir = outDir;
    this.#fileName = fileName;
    this.#schemaId = schemaId;
  }

  /** Number of plugin results streamed. */
  get plugins(): number {
    return this.#plugins;
  }

  suiteStart(suite: SuiteResult['suite']): void {
    this.#closeSuite();
    this.#write(`${this.#suites === 0 ? '[\n' : ',\n'}    {\n      "suite": ${indent(JSON.stringify(suite, null, 2), 6)},\n      "plugins": [`);
    this.#suite = suite;
    this.#suites += 1;
    this.#pluginsInSuite = 0;
  }

  plugin(suite: SuiteResult['suite'], plugin: PluginResult): void {
    // A runner that does not announce suites still starts one per new suite.
    if (suite !== this.#suite) this.suiteStart(suite);
    const text = JSON.stringify(plugin, null, 2);
    if (this.#invalid.length === 0) {
      const errors = validateReport({ ...PLACEHOLDER_HEAD, suites: [{ suite, plugins: [JSON.parse(text) as unknown] }] });
      const at = `/suites/${this.#suites - 1}/plugins/${this.#pluginsInSuite}`;
      this.#invalid = errors.map((e) => ({ pointer: e.pointer.replace(/^\/suites\/0\/plugins\/0/, at), message: e.message }));
    }
    this.#write(`${this.#pluginsInSuite === 0 ? '\n' : ',\n'}        ${indent(text, 8)}`);
    this.#pluginsInSuite += 1;
    this.#plugins += 1;
  }

  /**
   * Writes the report file and returns its path. `report` gives everything
   * but `suites`, which are what was streamed (its own `suites` are not read).
   * Throws when the document does not match the report schema (a kegcheck bug).
   */
  async finish(report: RunReport): Promise<string> {
    try {
      this.#closeSuite();
      const document = `${JSON.stringify({ $schema: this.#schemaId, ...report, suites: [] }, null, 2)}\n`;
      const errors = [...this.#invalid, ...validateReport(JSON.parse(document))];
      if (errors.length > 0) {
        throw new Error(`internal error: the JSON report does not match src/schemas/report.schema.json: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`);
      }
      const at = document.indexOf(`${SUITES_KEY}[]`);
      if (at < 0) throw new Error('internal error: the JSON report has no suites key');
      const head = document.slice(0, at + SUITES_KEY.length);
      const tail = document.slice(at + SUITES_KEY.length + 2);
      if (this.#suites === 0) this.#write('[]');
      else this.#write('\n  ]');
      return await writeSpooledReport(this.#outDir, this.#fileName, head, this.#spoolFile(), tail);
    } finally {
      this.discard();
    }
  }

  discard(): void {
    this.#spool?.discard();
    this.#spool = undefined;
  }

  #closeSuite(): void {
    if (this.#suite === undefined) return;
    this.#write(this.#pluginsInSuite === 0 ? ']\n    }' : '\n      ]\n    }');
    this.#suite = undefined;
  }

  #write(text: string): void {
    this.#spoolFile().append(text);
  }

  #spoolFile(): SpoolFile {
    this.#spool ??= SpoolFile.open(this.#outDir, this.#fileName);
    return this.#spool;
  }
}
