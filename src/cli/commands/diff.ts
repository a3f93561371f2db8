import { relative } from 'node:path';
import { formatLocation } from '../../kegcheck-error.js';
import { diffSuiteSets, type SuiteSet } from '../../suite/diff-suite-sets.js';
import { loadSuiteSource } from '../../suite/load-suite-source.js';
import type { Suite } from '../../suite/suite.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';
import { formatFindings } from '../../format-finding.js';

const USAGE = [
  'Usage: kegcheck diff <old> <new> [--json]',
  '',
  'Lists every change between two versions of a suite (each a suite file, a folder, a',
  'suite package folder or an installed package name; suites are paired by type) and',
  'classifies it: major (a conforming keg may stop conforming), minor (more kegs may',
  'conform), patch (tests only). Prints the bump the changes need and the bump the',
  '[suite] versions (and package versions) show.',
  'Exit code: 0 bumped enough, 1 not (the change that needs more is named), 2 bad input.',
  '',
  '  --json   print one JSON document instead of text',
].join('\n');

async function side(arg: string, io: CliIO): Promise<SuiteSet | undefined> {
  const { package: from, results } = await loadSuiteSource(arg, { cwd: io.cwd });
  const suites: Suite[] = [];
  let invalid = false;
  for (const r of results) {
    if (r.findings.length > 0) io.stderr(formatFindings(r.findings));
    if (r.kind === 'ok') suites.push(r.suite);
    else invalid = true;
  }
  if (invalid) return undefined;
  return from === undefined ? { label: arg, suites } : { label: arg, suites, package: from };
}

export const command: Command = {
  summary: 'classify the changes between two suite versions and check the version bump',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs('diff', USAGE, argv, { json: { type: 'boolean' } });
    const [oldArg, newArg, ...extra] = parsed.positionals;
    if (oldArg === undefined || newArg === undefined || extra.length > 0) {
      io.stderr(`kegcheck diff: name exactly two suites (old, then new)\n\n${USAGE}\n`);
      return EXIT_CANNOT_RUN;
    }
    const before = await side(oldArg, io);
    const after = await side(newArg, io);
    if (before === undefined || after === undefined) {
      io.stderr('kegcheck diff: a suite has errors; nothing was compared\n');
      return EXIT_CANNOT_RUN;
    }
    const diff = diffSuiteSets(before, after);
    const ok = diff.problems.length === 0;
    if (parsed.values.json === true) {
      io.stdout(`${JSON.stringify({ ok, needed: diff.needed, packages: diff.packages ?? null, removed: diff.removed.map((s) => ({ type: s.type, version: s.version })), added: diff.added.map((s) => ({ type: s.type, version: s.version })), suites: diff.pairs, problems: diff.problems }, null, 2)}\n`);
      return ok ? EXIT_OK : EXIT_FINDINGS;
    }
    const show = (file: string): string => relative(io.cwd, file) || file;
    const lines: string[] = [];
    for (const pair of diff.pairs) {
      lines.push(`${pair.type}: ${pair.oldVersion} → ${pair.newVersion}`);
      if (pair.changes.length === 0) lines.push('  no changes');
      for (const c of pair.changes) lines.push(`  ${c.level.padEnd(5)}  ${c.message}${c.at === undefined ? '' : `  (${formatLocation({ ...c.at, file: show(c.at.file) })})`}`);
      lines.push(`  needs: ${pair.needed}; versions show: ${pair.shown}${pair.ok ? '' : '  ✗ not enough'}`);
    }
    for (const s of diff.removed) lines.push(`${s.type}: ${s.version} → (removed)`, '  major  suite removed');
    for (const s of diff.added) lines.push(`${s.type}: (new) → ${s.version}`, '  minor  suite added');
    if (diff.packages !== undefined) lines.push(`package: ${diff.packages.from} → ${diff.packages.to} (${diff.packages.shown}); needs ${diff.needed}${diff.packages.ok ? '' : '  ✗ not enough'}`);
    lines.push(ok ? `ok: needs ${diff.needed}, and the versions show enough` : 'not bumped enough:', ...diff.problems.map((p) => `  ${p}`));
    io.stdout(`${lines.join('\n')}\n`);
    return ok ? EXIT_OK : EXIT_FINDINGS;
  },
};
