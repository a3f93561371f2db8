/*
 * End-to-end benchmark: `npm run bench`. Every figure is a ratio of two
 * measurements taken in this same run, so a slow or busy machine moves both
 * sides together. Prints a table and writes reports/bench.json.
 */
import { rmSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchWorkspace } from './_internals/bench-workspace.js';
import { measureCoverageOverhead } from './_internals/measure-coverage-overhead.js';
import { formatBenchTable } from './_internals/format-bench-table.js';
import { gitCommit } from './_internals/git-commit.js';
import { writeBenchDocs } from './_internals/write-bench-docs.js';
import { stopRunningProcesses } from './_internals/time-node.js';
import { measureColdStart, measureParallel, measureParallelCpuBound, measureStoreMemory, measurePropertyThroughput, RAW_CALLS, type BenchFigure } from './_internals/bench-measures.js';
import { installPacked } from './_internals/install-packed.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  // `--only WORD` runs the figures whose measure's name holds WORD (e.g. `--only coverage`).
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.toLowerCase() : undefined;
  // Other jobs on a shared machine move the figures: the docs print the 1-minute load around the run.
  const loadAtStart = loadavg()[0] ?? 0;
  const workspace = await createBenchWorkspace(join(ROOT, 'fixtures'));
  // Interrupted, the bench still leaves no temp folder behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    stopRunningProcesses();
    rmSync(workspace.dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const figures: BenchFigure[] = [];
  const log = (line: string): boolean => process.stderr.write(`bench: ${line}\n`);
  try {
    log('packing kegcheck and installing the tarball into a new project');
    const installed = await installPacked(ROOT, workspace.dir);
    const rawCalls = join(installed.project, 'raw-sdk-calls.mjs');
    await copyFile(RAW_CALLS, rawCalls);
    const context = { root: ROOT, workspace, quick, log, bin: installed.bin, project: installed.project, rawCalls };
    const measures = [measureColdStart, measureParallelCpuBound, measureParallel, measurePropertyThroughput, measureCoverageOverhead, measureStoreMemory];
    for (const measure of only !== undefined ? measures.filter((m) => m.name.toLowerCase().includes(only)) : measures) {
      figures.push(...[await measure(context)].flat());
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await workspace.dispose();
  }
  const machine = {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  process.stdout.write(formatBenchTable(figures, machine));
  const reportDir = join(ROOT, 'reports');
  await mkdir(reportDir, { recursive: true });
  const commit = gitCommit(ROOT);
  await writeFile(join(reportDir, 'bench.json'), `${JSON.stringify({ schemaVersion: 1, date: new Date().toISOString(), quick, ...(commit === undefined ? {} : { commit }), loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 }, machine, figures }, null, 2)}\n`);
  process.stdout.write(`\nwritten ${join('reports', 'bench.json')}\n`);
  // The published figures come from full runs of every figure only; `npm run bench:docs` renders a quick one on purpose.
  if (!quick && only === undefined && (await writeBenchDocs(join(reportDir, 'bench.json'), join(ROOT, 'docs', 'benchmarks.md'), ROOT))) process.stdout.write(`updated ${join('docs', 'benchmarks.md')}\n`);
  // A figure that could not be measured is a broken bench; a missed goal is a finding, not a crash.
  return figures.some((f) => f.status === 'error') ? 2 : 0;
}

process.exitCode = await main();
