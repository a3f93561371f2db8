import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { formatLocation, isKegcheckError } from '../../kegcheck-error.js';
import { findKegs } from '../../keg/find-kegs.js';
import type { Keg } from '../../keg/keg.js';
import { loadKeg } from '../../keg/load-keg.js';
import { createReporters, REPORTER_NAMES } from '../../report/create-reporters.js';
import { withInterruptSignal } from './interrupt-signal.js';
import { keepResultsFor } from './keep-results.js';
import { findSuiteFiles } from '../../suite/find-suite-files.js';
import { loadSuite } from '../../suite/load-suite.js';
import { formatPluginEcho } from '../../host/plugin-echo.js';
import { runSuites, type SuitePlan } from '../../suite/run-suites.js';
import type { Suite } from '../../suite/suite.js';

export interface ConformanceOptions {
  readonly conformanceDir: string;
  /** Searched for kegs of a suite's type when the suite names no fixtures. */
  readonly fixturesDir: string;
  readonly outDir: string;
  readonly seed: number;
  readonly io: {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly env: NodeJS.ProcessEnv;
    readonly isTTY: boolean;
    readonly cwd: string;
  };
}

// Every file format E's reporters offer; the GitHub annotations only inside Actions.
function reporterNames(env: NodeJS.ProcessEnv): string[] {
  const wanted = ['console', 'json', 'junit', 'markdown', 'html'];
  if (env['GITHUB_ACTIONS'] === 'true') wanted.push('github');
  return wanted.filter((name) => REPORTER_NAMES.includes(name));
}

/**
 * Runs every suite under `conformanceDir` against the fixture kegs it names
 * (`[suite] fixtures`), or else every keg under `fixturesDir` holding a
 * plugin of its type, and writes every report into `outDir`. Returns `none`
 * when there is no suite, else the run's verdict (`fail` also when a suite or
 * a keg cannot be loaded).
 */
export async function runConformance(options: ConformanceOptions): Promise<'pass' | 'fail' | 'none'> {
  const { io } = options;
  const show = (path: string): string => relative(io.cwd, path) || path;
  if (!existsSync(options.conformanceDir)) {
    io.stdout(`\nno conformance suites: ${show(options.conformanceDir)} does not exist\n`);
    return 'none';
  }
  let files: string[];
  try {
    files = await findSuiteFiles(options.conformanceDir);
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    io.stdout(`\nno conformance suites in ${show(options.conformanceDir)}\n`);
    return 'none';
  }
  const suites: Suite[] = [];
  let broken = false;
  for (const file of files) {
    const loaded = await loadSuite(file);
    for (const f of loaded.findings) io.stderr(`${formatLocation(f.location)}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message} [${f.code}]\n`);
    if (loaded.kind === 'ok') suites.push(loaded.suite);
    else broken = true;
  }

  const loadedKegs = new Map<string, Keg>();
  const load = async (path: string): Promise<Keg | undefined> => {
    const known = loadedKegs.get(path);
    if (known !== undefined) return known;
    try {
      const keg = await loadKeg(path, { cwd: io.cwd });
      loadedKegs.set(path, keg);
      return keg;
    } catch (error) {
      if (!isKegcheckError(error)) throw error;
      io.stderr(`kegcheck start: cannot load fixture keg ${show(path)}: ${error.message} [${error.code}]\n`);
      broken = true;
      return undefined;
    }
  };
  try {
    const plans: SuitePlan[] = [];
    let discovered: Keg[] | undefined;
    for (const suite of suites) {
      let kegs: Keg[];
      if (suite.fixtures.length > 0) {
        kegs = (await Promise.all(suite.fixtures.map(load))).filter((k): k is Keg => k !== undefined);
      } else {
        discovered ??= (await Promise.all((await findKegs(options.fixturesDir)).map(async (p) => {
          try {
            return await loadKeg(p, { cwd: io.cwd });
          } catch {
            // Kegs that cannot load are bad-kegs fixtures; validation reports them.
            return undefined;
          }
        }))).filter((k): k is Keg => k !== undefined);
        for (const keg of discovered) loadedKegs.set(keg.root, keg);
        kegs = discovered.filter((k) => k.plugins.some((p) => p.type === suite.type));
      }
      if (kegs.length === 0) io.stdout(`\n${show(suite.file)}: no fixture keg of type ${suite.type}\n`);
      else plans.push({ suite, targets: kegs.map((keg) => ({ keg })) });
    }
    if (plans.length === 0) return broken ? 'fail' : 'none';
    io.stdout(`\nrunning ${plans.length} conformance suite${plans.length === 1 ? '' : 's'} from ${show(options.conformanceDir)} (seed ${options.seed})\n`);
    const reporters = await createReporters(reporterNames(io.env), { outDir: options.outDir, env: io.env, isTTY: io.isTTY, write: io.stdout });
    const { report, files: written } = await withInterruptSignal((signal) => runSuites(plans, { reporters, seed: options.seed, argv: ['start'], signal, keepResults: keepResultsFor(reporters, false), onEcho: (echo) => io.stderr(formatPluginEcho(echo)) }));
    io.stdout(`reports: ${written.map(show).join(', ')}\n`);
    return broken || report.summary.verdict === 'fail' ? 'fail' : 'pass';
  } finally {
    for (const keg of loadedKegs.values()) await keg.dispose();
  }
}
