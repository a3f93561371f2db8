import { isAbsolute, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { coverageGaps } from '../../report/coverage-gaps.js';
import { createReporters, REPORTER_NAMES } from '../../report/create-reporters.js';
import { writeLcov } from '../../report/lcov-writer.js';
import { mergeReports, type MergeInput } from '../../report/merge-reports.js';
import { readReportFile } from '../../report/read-report-file.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

const USAGE = `Usage: kegcheck merge <report.json | folder>... [options]

Merges the JSON reports of the shards of one run (\`kegcheck run --shard i/n\`)
into one report and renders it again in every format. A folder stands for the
kegcheck-report.json inside it. Reports of different suite versions are refused.

Options:
  --reporter NAME     ${REPORTER_NAMES.join(', ')} (repeatable; default: all)
  --out DIR           folder for the merged reports (default: reports)
  --require-coverage  declared functions never called fail the merge
  -h, --help          show this help

Exit codes: 0 every check passed, 1 failures, 2 could not merge.`;

function parse(argv: readonly string[]): { files: string[]; reporters: string[]; out: string; requireCoverage: boolean } {
  try {
    const { values, positionals } = parseCommandArgs(
      'merge',
      USAGE,
      argv,
      {
        reporter: { type: 'string', multiple: true },
        out: { type: 'string' },
        'require-coverage': { type: 'boolean' },
      },
      'bad-arguments',
    );
    if (positionals.length === 0) throw new KegcheckError('bad-arguments', `kegcheck merge needs at least one JSON report\n\n${USAGE}`);
    return {
      files: positionals,
      reporters: (values.reporter ?? [...REPORTER_NAMES]).flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== ''),
      out: values.out ?? 'reports',
      requireCoverage: values['require-coverage'] === true,
    };
  } catch (error) {
    if (error instanceof KegcheckError) throw error;
    throw new KegcheckError('bad-arguments', `${(error as Error).message}\n\n${USAGE}`);
  }
}

export const command: Command = {
  summary: 'merge shard reports into one and render every format again',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIO): Promise<number> {
    const options = parse(argv);
    const outDir = isAbsolute(options.out) ? options.out : resolve(io.cwd, options.out);
    // Reporter names are checked before any file is read or written.
    const reporters = await createReporters(options.reporters, {
      outDir,
      env: io.env,
      isTTY: io.isTTY,
      write: io.stdout,
      requireCoverage: options.requireCoverage,
    });
    const inputs: MergeInput[] = [];
    for (const file of options.files) {
      const path = isAbsolute(file) ? file : resolve(io.cwd, file);
      inputs.push({ file, report: await readReportFile(path) });
    }
    const { report, warnings } = mergeReports(inputs, ['merge', ...argv]);
    for (const warning of warnings) io.stderr(`kegcheck merge: warning: ${warning}\n`);
    const written: string[] = [];
    for (const reporter of reporters) written.push(...(await reporter.onEnd(report)));
    if (report.guestCoverage !== undefined) written.push(await writeLcov(outDir, report.guestCoverage));
    if (written.length > 0) io.stdout(`\nmerged ${inputs.length} report${inputs.length === 1 ? '' : 's'}; wrote:\n${written.map((f) => `  ${f}\n`).join('')}`);
    const coverageFails = options.requireCoverage && coverageGaps(report).length > 0;
    return report.summary.verdict === 'pass' && !coverageFails ? EXIT_OK : EXIT_FINDINGS;
  },
};
