/*
 * End-to-end benchmark: `npm run bench`. Every figure is a ratio of two
 * measurements taken in this same run, so a slow or busy machine moves both
 * sides together. Prints a table and writes reports/bench.json.
 */
import { rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchWorkspace } from './_internals/bench-workspace.js';
import { measureCoverageOverhead } from './_internals/measure-coverage-overhead.js';
import { formatBenchTable } from './_internals/format-bench-table.js';
import { stopRunningProcesses } from './_internals/time-node.js';
import { measureColdStart, measureMemory, measureParallel, measurePropertyThroughput, type BenchFigure } from './_internals/bench-measures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
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
  const context = { root: ROOT, workspace, quick, log: (line: string) => process.stderr.write(`bench: ${line}\n`) };
  try {
    // `--only WORD` runs the figures whose measure's name holds WORD (e.g. `--only coverage`).
    const only = process.argv[process.argv.indexOf('--only') + 1]?.toLowerCase();
    const measures = [measureColdStart, measureParallel, measurePropertyThroughput, measureCoverageOverhead, measureMemory];
    for (const measure of process.argv.includes('--only') && only !== undefined ? measures.filter((m) => m.name.toLowerCase().includes(only)) : measures) {
      figures.push(await measure(context));
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
  await writeFile(join(reportDir, 'bench.json'), `${JSON.stringify({ schemaVersion: 1, date: new Date().toISOString(), quick, machine, figures }, null, 2)}\n`);
  process.stdout.write(`\nwritten ${join('reports', 'bench.json')}\n`);
  // A figure that could not be measured is a broken bench; a missed goal is a finding, not a crash.
  return figures.some((f) => f.status === 'error') ? 2 : 0;
}

process.exitCode = await main();
