import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { RunReport } from '../../model/result.js';
import { errorFigure, findPropertyCheck, runKegcheck, type BenchContext, type BenchFigure } from './bench-measures.js';
import { median } from './time-node.js';
import { roundtripSuite } from './bench-suites.js';

/**
 * binaryen is an optional peer dependency, so the installed kegcheck lacks it:
 * added to the user's project as docs/coverage.md says (`npm i -D binaryen`),
 * at the version this repository pins.
 */
async function addBinaryen(context: BenchContext): Promise<void> {
  const pkg = JSON.parse(await readFile(join(context.root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = pkg.devDependencies['binaryen'];
  if (version === undefined) throw new Error('package.json pins no binaryen in devDependencies');
  await promisify(execFile)('npm', ['install', '--silent', '--no-audit', '--no-fund', '-D', `binaryen@${version}`], { cwd: context.project, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * `--coverage` overhead: the 10,000-run roundtrip property on the Rust packed
 * keg with and without instrumentation, alternating, in this same run. The
 * ratio is of the property check's own duration (median over rounds); the
 * processes' wall times (binaryen's load and instrumenting included) are noted.
 */
export async function measureCoverageOverhead(context: BenchContext): Promise<BenchFigure> {
  const runs = context.quick ? 2000 : 10_000;
  const rounds = context.quick ? 1 : 3;
  const name = `--coverage overhead (${runs}-run property, instrumented vs plain)`;
  const goal = '<= 2.00×';
  try {
    await addBinaryen(context);
    const [keg] = await context.workspace.copies(join(context.root, 'fixtures/suites/packed/packed_rust'), 'coverage', 1);
    const suite = await context.workspace.write('coverage/roundtrip.suite.toml', roundtripSuite(runs));
    const plain: number[] = [];
    const covered: number[] = [];
    const plainWall: number[] = [];
    const coveredWall: number[] = [];
    let blocks = '';
    for (let round = 0; round < rounds; round += 1) {
      for (const coverage of [false, true]) {
        const reportDir = join(context.workspace.dir, `coverage/report-${round}-${coverage ? 'on' : 'off'}`);
        const run = await runKegcheck(context, { suite, kegs: [keg as string], workers: 1, jsonReportDir: reportDir, ...(coverage ? { extraArgs: ['--coverage'] } : {}) });
        const report = JSON.parse(await readFile(join(reportDir, 'kegcheck-report.json'), 'utf8')) as RunReport;
        const check = findPropertyCheck(report);
        if (check.runs !== runs) throw new Error(`the property ran ${check.runs} times, not ${runs}`);
        (coverage ? covered : plain).push(check.durationMs);
        (coverage ? coveredWall : plainWall).push(run.wallMs);
        const plugin = report.guestCoverage?.plugins[0];
        if (coverage) {
          if (plugin?.status !== 'ok') throw new Error(`the plugin ran uninstrumented: ${JSON.stringify(plugin)}`);
          blocks = `${plugin.totals.blocksHit}/${plugin.totals.blocks} blocks hit`;
        }
      }
    }
    const ratio = median(covered) / median(plain);
    context.log(`coverage: property ${Math.round(median(covered))} ms instrumented, ${Math.round(median(plain))} ms plain (${blocks})`);
    return {
      name,
      goal,
      status: 'measured',
      ratio,
      met: ratio <= 2,
      measured: `${Math.round(median(covered))} ms`,
      baseline: `${Math.round(median(plain))} ms`,
      raw: { runs, rounds, coveredCheckMs: covered, plainCheckMs: plain, coveredWallMs: coveredWall, plainWallMs: plainWall },
      notes: [
        `the property check's own duration, median of ${rounds} alternating round${rounds === 1 ? '' : 's'}; whole process ${Math.round(median(coveredWall))} ms vs ${Math.round(median(plainWall))} ms (binaryen load and instrumenting included); ${blocks}`,
      ],
    };
  } catch (error) {
    return errorFigure(name, goal, error);
  }
}
