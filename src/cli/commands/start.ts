import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { buildTree, describeBuildFailures } from '../../build/build-tree.js';
import { KegcheckError } from '../../kegcheck-error.js';
import { findKegs } from '../../keg/find-kegs.js';
import { formatValidation } from '../../keg/format-validation.js';
import { validateKeg, type KegValidation } from '../../keg/validate-keg.js';
import { runConformance } from '../_internals/run-conformance.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

// The main job. First every fixture keg is validated: kegs under a bad-kegs/
// folder exist to be rejected, so for them findings are the expected outcome
// and a clean result is the failure. Then every suite in conformance/ runs
// against the fixture kegs it names; broken fixtures are listed in the
// suites' expected_fail, so they report xfail and the job stays green only
// while they keep failing exactly where intended.
export const command: Command = {
  summary: 'build fixtures, validate every fixture keg, run every conformance suite, write reports',
  usage: [
    'Usage: kegcheck start [--fixtures DIR] [--conformance DIR] [--out DIR] [--seed N]',
    '',
    'Builds plugins whose plugin.build.json no longer matches their sources, then validates',
    'every keg under DIR (default fixtures/).',
    'Kegs under a bad-kegs/ folder must have findings; every other keg must be clean.',
    'Then runs every *.suite.toml under --conformance (default conformance/) against the',
    'kegs its [suite] fixtures names (else every fixture keg with a plugin of its type),',
    'with a fixed seed (default 1) so the job is reproducible.',
    'Writes <out>/fixtures-validation.json and the run reports (default reports/).',
    'Exit code 0 when every keg met its expectation and every suite passed, 1 otherwise,',
    '2 when a stale plugin could not be rebuilt (toolchain missing).',
  ].join('\n'),
  async run(argv, io) {
    const parsed = parseCommandArgs('start', command.usage, argv, { fixtures: { type: 'string' }, out: { type: 'string' }, conformance: { type: 'string' }, seed: { type: 'string' } });
    if (parsed.positionals.length > 0) {
      throw new KegcheckError('usage', `unexpected argument '${parsed.positionals[0] ?? ''}': kegcheck start takes options only\n\n${command.usage}`, { location: { file: 'kegcheck start' } });
    }
    const fixtures = resolve(io.cwd, parsed.values.fixtures ?? 'fixtures');
    const out = resolve(io.cwd, parsed.values.out ?? 'reports');

    // Every plugin that can be built is; a missing toolchain is reported, not fatal: committed
    // plugin.wasm files whose plugin.build.json matches need no toolchain at all.
    const builds = await buildTree(fixtures, { env: io.env });
    const built = builds.filter((o) => o.status === 'built').length;
    const upToDate = builds.filter((o) => o.status === 'up-to-date').length;
    io.stdout(`built ${built} fixture plugin${built === 1 ? '' : 's'} from source, ${upToDate} up to date\n`);
    const buildFailures = builds.filter((o) => o.status === 'failed');
    const cannotBuild = buildFailures.some((f) => f.code === 'toolchain-missing' || f.code === 'internal');
    for (const entry of describeBuildFailures(builds, io.cwd)) io.stderr(`kegcheck start: could not build: ${entry}\n`);

    const kegs = await findKegs(fixtures);
    const rows: Array<{ source: string; expect: 'clean' | 'findings'; status: KegValidation['status']; met: boolean; codes: string[] }> = [];
    for (const path of kegs) {
      const source = relative(io.cwd, path) || path;
      const expectBad = source.split(sep).includes('bad-kegs');
      const result = await validateKeg(source, { load: { cwd: io.cwd } });
      const met = expectBad ? result.status !== 'clean' : result.status === 'clean';
      const codes = result.status === 'error' ? [result.error.code] : [...new Set(result.findings.map((f) => f.code))];
      rows.push({ source, expect: expectBad ? 'findings' : 'clean', status: result.status, met, codes });
      if (expectBad && met) io.stdout(`ok    ${source}: rejected as expected [${codes.join(', ')}]\n`);
      else if (met) io.stdout(formatValidation(result));
      else io.stdout(`UNEXPECTED ${expectBad ? 'clean (a bad keg must have findings)' : 'findings'}:\n${formatValidation(result)}`);
    }
    const unmet = rows.filter((r) => !r.met).length;
    await mkdir(out, { recursive: true });
    const reportPath = join(out, 'fixtures-validation.json');
    await writeFile(reportPath, `${JSON.stringify({ fixtures: relative(io.cwd, fixtures) || '.', kegs: rows, unmet }, null, 2)}\n`);
    io.stdout(`\n${rows.length} kegs under ${relative(io.cwd, fixtures) || fixtures}: ${rows.length - unmet} as expected, ${unmet} not; report ${relative(io.cwd, reportPath)}\n`);

    const seedText = parsed.values.seed ?? '1';
    if (!/^-?\d+$/.test(seedText)) throw new KegcheckError('usage', `--seed expects an integer, got '${seedText}'`, { location: { file: 'kegcheck start' } });
    const conformance = await runConformance({
      conformanceDir: resolve(io.cwd, parsed.values.conformance ?? 'conformance'),
      fixturesDir: fixtures,
      outDir: out,
      seed: Number(seedText),
      io,
    });
    // A stale fixture that could not be rebuilt was judged as committed: never a green run.
    if (cannotBuild) return EXIT_CANNOT_RUN;
    return unmet === 0 && conformance !== 'fail' && buildFailures.length === 0 ? EXIT_OK : EXIT_FINDINGS;
  },
};
