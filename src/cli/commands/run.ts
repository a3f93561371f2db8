import { resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { formatFindings } from '../../format-finding.js';
import { PackageStore } from '../../keg/package-store.js';
import { coverageGaps } from '../../report/coverage-gaps.js';
import { DEFAULT_BASELINE_THRESHOLD } from '../../report/baseline-threshold.js';
import { createReporters, REPORTER_NAMES } from '../../report/create-reporters.js';
import { parseShard, selectShard, shardItemKey } from '../../suite/shard.js';
import { checkReplayPath } from '../../suite/replay-path.js';
import { loadSuiteSource } from '../../suite/load-suite-source.js';
import { loadExpectedFail } from '../../suite/load-expected-fail.js';
import { resolveRunTargets } from '../../suite/resolve-run-targets.js';
import { plannedPlugins } from '../../suite/run-suite.js';
import { formatPluginEcho } from '../../host/plugin-echo.js';
import { runSuites } from '../../suite/run-suites.js';
import { keepResultsFor } from '../_internals/keep-results.js';
import { invalidClaims, planClaimedRun } from '../../suite/plan-claimed-run.js';
import type { ExpectedFail, Suite } from '../../suite/suite.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';
import { withInterruptSignal } from '../_internals/interrupt-signal.js';

const USAGE = [
  'Usage: kegcheck run <suite|dir|package[/suite]> [<keg|keg:plugin|store-dir>...] [options]',
  '',
  'Runs conformance suites (a *.suite.toml, every one under a folder, or an installed',
  'suite package\'s) against kegs:',
  'a keg folder, a .keg file, package:plugin or a package name from the store, or a',
  'folder of kegs. With no keg, every plugin of the suite type in the store.',
  'Exit code: 0 every plugin conforms, 1 some do not, 2 could not run.',
  '',
  '  --seed N              fast-check seed (default: random; printed and in the report)',
  '  --runs N              runs per property, overriding the suite',
  '  --reporter NAME       output format, repeatable: ' + REPORTER_NAMES.join(', ') + ' (default console)',
  '  --out DIR             folder for report files (default reports)',
  '  --update-golden       rewrite expect.file golden files that differ or are missing',
  '  --expected-fail FILE  extra [[expected_fail]] entries (keg, plugin, check, reason)',
  '  --reference KEG       reference keg (path or store package) for matches_reference',
  '  --store DIR           package store folder, searched first (repeatable)',
  '  --timeout MS          per-call deadline, overriding the suite',
  '  --plugin NAME         only this plugin of each keg',
  '  --check ID            only cases/properties whose id or name matches (repeatable, * globs)',
  '  --replay-path PATH    fast-check path of a failing property (with --seed, --check); shared:A,B,C replays runs A, B, C in order on one instance',
  '  --shard I/N           run only shard I of N of the keg x plugin work',
  '  --workers N           worker threads for plugin calls (default: one per core)',
  '  --require-coverage    a declared function no check called fails the run',
  '  --coverage            instrument the plugins\' wasm and report guest code coverage (lcov.info in --out; needs binaryen)',
  '  --min-guest-coverage N  with --coverage, fail the run below N % of wasm blocks hit',
  '  --badge DIR           write a shields.io endpoint JSON per keg (conforms to <type> <version>)',
  '  --baseline FILE       saved JSON report: a benchmark whose median ratio grew beyond the threshold fails',
  '  --baseline-threshold X  growth allowed over the baseline\'s figure (default ' + String(DEFAULT_BASELINE_THRESHOLD) + ', i.e. 25 %)',
  '',
  'Several versions of a type (a folder of suites): each plugin runs against the newest',
  'version each of its metadata.toml conforms claims allows (no claim: the newest).',
].join('\n');

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new KegcheckError('usage', `${flag} expects an integer ≥ ${min}, got '${value}'`, { location: { file: 'kegcheck run' } });
  }
  return Number(value);
}

function percent(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new KegcheckError('usage', `--min-guest-coverage expects a percentage from 0 to 100, got '${value}'`, { location: { file: 'kegcheck run' } });
  }
  return n;
}

function threshold(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 1) {
    throw new KegcheckError('usage', `--baseline-threshold expects a factor of 1 or more (1.25 allows 25 % growth), got '${value}'`, { location: { file: 'kegcheck run' } });
  }
  return n;
}

/** Loads every suite an argument names; invalid ones are printed and make the run unrunnable. */
async function loadSuites(arg: string, io: CliIO): Promise<Suite[] | undefined> {
  const suites: Suite[] = [];
  let invalid = false;
  for (const loaded of (await loadSuiteSource(arg, { cwd: io.cwd })).results) {
    if (loaded.findings.length > 0) io.stderr(formatFindings(loaded.findings));
    if (loaded.kind === 'ok') suites.push(loaded.suite);
    else invalid = true;
  }
  return invalid ? undefined : suites;
}

export const command: Command = {
  summary: 'run conformance suites against kegs and report',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs('run', USAGE, argv, {
          seed: { type: 'string' },
          runs: { type: 'string' },
          reporter: { type: 'string', multiple: true },
          out: { type: 'string' },
          'update-golden': { type: 'boolean' },
          'expected-fail': { type: 'string', multiple: true },
          reference: { type: 'string' },
          store: { type: 'string', multiple: true },
          timeout: { type: 'string' },
          plugin: { type: 'string' },
          check: { type: 'string', multiple: true },
          'replay-path': { type: 'string' },
          shard: { type: 'string' },
          workers: { type: 'string' },
          'require-coverage': { type: 'boolean' },
          coverage: { type: 'boolean' },
          'min-guest-coverage': { type: 'string' },
          badge: { type: 'string' },
          baseline: { type: 'string' },
          'baseline-threshold': { type: 'string' },
        });
    const [suiteArg, ...kegArgs] = parsed.positionals;
    if (suiteArg === undefined) {
      io.stderr(`kegcheck run: name a suite file or folder\n\n${USAGE}\n`);
      return EXIT_CANNOT_RUN;
    }
    const v = parsed.values;
    const seed = integer(v.seed, '--seed', -(2 ** 31));
    const runs = integer(v.runs, '--runs', 1);
    const timeoutMs = integer(v.timeout, '--timeout', 1);
    const workers = integer(v.workers, '--workers', 1);
    const shard = v.shard === undefined ? undefined : parseShard(v.shard);
    const replayPath = v['replay-path'] === undefined ? undefined : checkReplayPath(v['replay-path']);
    const outDir = resolve(io.cwd, v.out ?? 'reports');
    const reporterNames = v.reporter ?? (v.out === undefined ? ['console'] : ['console', 'json']);
    const requireCoverage = v['require-coverage'] === true;
    const minGuestCoverage = percent(v['min-guest-coverage']);
    if (minGuestCoverage !== undefined && v.coverage !== true) {
      throw new KegcheckError('usage', '--min-guest-coverage needs --coverage', { location: { file: 'kegcheck run' } });
    }
    const baselineThreshold = threshold(v['baseline-threshold']);
    if (baselineThreshold !== undefined && v.baseline === undefined) {
      throw new KegcheckError('usage', '--baseline-threshold needs --baseline', { location: { file: 'kegcheck run' } });
    }
    // A missing or unreadable baseline stops the run before any work (report-read, report-invalid*, baseline-empty).
    const baseline = v.baseline === undefined ? undefined : await (await import('../../report/read-benchmark-baseline.js')).readBenchmarkBaseline(resolve(io.cwd, v.baseline), baselineThreshold);
    // Before any work: without binaryen, --coverage stops here with the package to add.
    // Coverage, lcov and badges load only when asked for: a plain run never pays for them.
    const coverage = v.coverage === true ? await (await import('../../host/coverage-collector.js')).CoverageCollector.create() : undefined;
    const reporters = await createReporters(reporterNames, { outDir, env: io.env, isTTY: io.isTTY, write: io.stdout, requireCoverage });

    const suites = await loadSuites(suiteArg, io);
    if (suites === undefined) {
      io.stderr('kegcheck run: the suite has errors; nothing was run\n');
      return EXIT_CANNOT_RUN;
    }
    const expectedFail: ExpectedFail[] = [];
    for (const file of v['expected-fail'] ?? []) expectedFail.push(...(await loadExpectedFail(resolve(io.cwd, file))));

    const store = PackageStore.fromEnvironment({ storeDirs: v.store ?? [], env: io.env, cwd: io.cwd });
    // Several versions of one type (claims pick among them) still mean "plugins of that type" in a store.
    const onlyType = new Set(suites.map((s) => s.type)).size === 1 ? suites[0]?.type : undefined;
    // Kegs of a store are loaded on their turn (not under --coverage, which instruments every wasm first).
    const resolved = await resolveRunTargets(kegArgs, store, { cwd: io.cwd, stream: v.coverage !== true, ...(onlyType === undefined ? {} : { type: onlyType }), ...(v.plugin === undefined ? {} : { pluginName: v.plugin }) });
    try {
      const broken = invalidClaims(resolved.targets);
      if (broken.length > 0) {
        io.stderr(`${formatFindings(broken)}kegcheck run: a plugin's conforms claims are invalid; nothing was run\n`);
        return EXIT_CANNOT_RUN;
      }
      const { plans, unmatched, claims, findings: claimFindings } = planClaimedRun(suites, resolved.targets);
      if (claimFindings.length > 0) io.stderr(formatFindings(claimFindings));
      for (const t of unmatched) {
        io.stderr(`kegcheck run: no suite certifies a plugin of ${t.keg.source} (types: ${[...new Set(t.keg.plugins.map((p) => p.type))].join(', ') || 'none'})\n`);
      }
      let include: ((keg: { source: string }, plugin: { name: string }, suite: { file: string }) => boolean) | undefined;
      if (shard !== undefined) {
        const items = plans.flatMap((plan) => plan.targets.flatMap((t) => plannedPlugins(plan.suite, t).map((p) => ({ suite: plan.suite.file, keg: t.keg.source, plugin: p.name }))));
        // Keyed by suite too: a keg certified by two suites of one type is two items, each in one shard.
        const chosen = new Set(selectShard(items, shard).map((i) => shardItemKey(i.suite, i.keg, i.plugin)));
        include = (keg, plugin, suite) => chosen.has(shardItemKey(suite.file, keg.source, plugin.name));
      }
      const updated: string[] = [];
      const reference = v.reference === undefined ? undefined : ((await store.locate(v.reference)) ?? resolve(io.cwd, v.reference));
      const { report, files } = await withInterruptSignal((signal) => runSuites(plans, {
        signal,
        onEcho: (echo) => io.stderr(formatPluginEcho(echo)),
        reporters,
        argv: ['run', ...argv],
        ...(seed === undefined ? {} : { seed }),
        ...(runs === undefined ? {} : { runs }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(workers === undefined ? {} : { workers }),
        ...(v.check === undefined ? {} : { checks: v.check }),
        ...(replayPath === undefined ? {} : { replayPath }),
        ...(reference === undefined ? {} : { reference }),
        ...(shard === undefined ? {} : { shard }),
        ...(include === undefined ? {} : { include }),
        updateGolden: v['update-golden'] === true,
        onGoldenUpdated: (path) => updated.push(path),
        expectedFail,
        ...(coverage === undefined ? {} : { coverage }),
        ...(baseline === undefined ? {} : { baseline }),
        claims,
        keepResults: keepResultsFor(reporters, v.badge !== undefined || requireCoverage),
      }));
      if (v.badge !== undefined) for (const file of await (await import('../../report/write-badges.js')).writeBadges(report, resolve(io.cwd, v.badge))) io.stderr(`kegcheck run: badge ${file}\n`);
      for (const path of updated) io.stderr(`kegcheck run: golden file written: ${path}\n`);
      const written = [...files];
      if (report.guestCoverage !== undefined) written.push(await (await import('../../report/lcov-writer.js')).writeLcov(outDir, report.guestCoverage));
      for (const file of written) io.stderr(`kegcheck run: wrote ${file}\n`);
      const guest = report.guestCoverage === undefined ? undefined : (await import('../../report/guest-coverage-verdict.js')).guestCoverageVerdict(report.guestCoverage, minGuestCoverage);
      for (const line of guest?.messages ?? []) io.stderr(`kegcheck run: ${line}\n`);
      io.stderr(`kegcheck run: seed ${report.meta.seed}\n`);
      if (unmatched.length > 0) return EXIT_CANNOT_RUN;
      const gaps = requireCoverage ? coverageGaps(report, true) : [];
      for (const gap of gaps) io.stderr(`kegcheck run: ${gap.keg}:${gap.plugin}: ${gap.function} is declared by the suite but no check called it (--require-coverage)\n`);
      return report.summary.verdict === 'pass' && gaps.length === 0 && claimFindings.length === 0 && guest?.pass !== false ? EXIT_OK : EXIT_FINDINGS;
    } finally {
      await resolved.dispose();
    }
  },
};
