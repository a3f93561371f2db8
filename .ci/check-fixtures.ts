// Rebuilds every fixture plugin from source with every toolchain present and
// fails when the committed builds no longer match: a fingerprint whose sources
// changed without a rebuild being committed, a plugin.wasm that is not the
// fingerprinted one, a toolchain version change, or fixture verdicts (keg
// validation and every conformance suite, seed 1) that moved from
// .ci/fixture-verdicts.json. Works on a temp copy; the checkout is not touched.
//
//   .ci/check-fixtures            check (CI)
//   .ci/check-fixtures --update   rebuild in place (force) and rewrite .ci/fixture-verdicts.json
//
// The staleness decision rests on the sources and the toolchain version, never
// on output bytes: a rebuild whose wasm differs in bytes is reported, not failed,
// and the verdicts say whether the difference matters.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { checkFreshness, readFingerprint, type BuildFingerprint, type Toolchain } from '../src/build/build-fingerprint.js';
import { buildTree, describeBuildFailures, findPluginSourceDirs } from '../src/build/build-tree.js';
import type { CliIO } from '../src/cli/cli-io.js';
import { main } from '../src/cli/main.js';

const REPO = resolve(import.meta.dirname, '..');
const VERDICTS_FILE = join(REPO, '.ci/fixture-verdicts.json');
const SEED = 1;

interface VerdictFile {
  readonly format: 1;
  readonly seed: number;
  readonly startExitCode: number;
  /** `validate <keg>` → status [codes]; `<suite> <keg>:<plugin> <check id>` → check status. */
  readonly verdicts: Record<string, string>;
}

const problems: string[] = [];
const notes: string[] = [];
const rel = (root: string, path: string): string => relative(root, path).split(sep).join('/');

function toolchainOf(pluginDir: string): Toolchain | undefined {
  return (['rust', 'assemblyscript', 'wat'] as const).find((t) => existsSync(join(pluginDir, 'src', t)));
}

/** The committed builds match their sources, and are committed. */
async function checkCommitted(root: string): Promise<Map<string, BuildFingerprint>> {
  const committed = new Map<string, BuildFingerprint>();
  const dirs = await findPluginSourceDirs(join(root, 'fixtures'));
  for (const dir of dirs) {
    const name = rel(root, dir);
    const toolchain = toolchainOf(dir);
    if (toolchain === undefined) continue;
    const freshness = await checkFreshness(dir, toolchain);
    if (freshness.fingerprint !== undefined) committed.set(name, freshness.fingerprint);
    if (!freshness.fresh) problems.push(`${name}: ${freshness.reason} (rebuild with \`kegcheck build\` or .ci/check-fixtures --update and commit plugin.wasm and plugin.build.json)`);
  }
  if (existsSync(join(root, '.git'))) {
    const paths = dirs.flatMap((d) => [join(d, 'plugin.wasm'), join(d, 'plugin.build.json')]).map((p) => rel(root, p));
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...paths], { cwd: root, encoding: 'utf8' }).trim();
    if (dirty !== '') problems.push(`builds not committed:\n${dirty}`);
  }
  return committed;
}

/** Every fixture rebuilt from source; toolchain and compiler compared with the committed fingerprints. */
async function rebuild(root: string, committed: ReadonlyMap<string, BuildFingerprint>): Promise<void> {
  const started = Date.now();
  const outcomes = await buildTree(join(root, 'fixtures'), { force: true });
  const failures = describeBuildFailures(outcomes, root);
  for (const line of failures) problems.push(`rebuild failed: ${line}`);
  for (const outcome of outcomes) {
    if (outcome.status !== 'built') continue;
    const name = rel(root, outcome.pluginDir);
    const before = committed.get(name);
    const after = await readFingerprint(outcome.pluginDir);
    if (before === undefined || after === undefined || after === 'invalid') continue;
    if (before.toolchain !== after.toolchain || before.compiler !== after.compiler) {
      problems.push(`${name}: committed build made with ${before.toolchain} by '${before.compiler}', this machine's is ${after.toolchain} by '${after.compiler}' (toolchain changed: rebuild and commit)`);
    }
    if (before.wasm.sha256 !== after.wasm.sha256) notes.push(`${name}: rebuilt plugin.wasm differs in bytes from the committed one (${before.wasm.bytes} → ${after.wasm.bytes} bytes); verdicts decide`);
  }
  notes.push(`rebuilt ${outcomes.length - failures.length} of ${outcomes.length} fixture plugins from source in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Runs `kegcheck start` (seed 1) in `root` and collects every verdict. */
async function verdictsOf(root: string): Promise<VerdictFile> {
  let output = '';
  const io: CliIO = { stdout: (t) => (output += t), stderr: (t) => (output += t), env: process.env, cwd: root, isTTY: false };
  const out = join(root, 'reports');
  const startExitCode = await main(['start', '--seed', String(SEED), '--out', out], io);
  const verdicts: Record<string, string> = {};
  const validation = JSON.parse(await readFile(join(out, 'fixtures-validation.json'), 'utf8')) as { kegs: Array<{ source: string; status: string; codes: string[] }> };
  for (const keg of validation.kegs) verdicts[`validate ${keg.source.split(sep).join('/')}`] = `${keg.status}${keg.codes.length > 0 ? ` [${[...keg.codes].sort().join(', ')}]` : ''}`;
  const report = JSON.parse(await readFile(join(out, 'kegcheck-report.json'), 'utf8')) as {
    suites: Array<{ suite: { file: string }; plugins: Array<{ keg: { name: string }; plugin: { name: string }; verdict: string; checks: Array<{ id: string; status: string }> }> }>;
  };
  for (const suite of report.suites) {
    const file = rel(root, suite.suite.file);
    for (const plugin of suite.plugins) {
      const at = `${file} ${plugin.keg.name}:${plugin.plugin.name}`;
      verdicts[`${at} (verdict)`] = plugin.verdict;
      for (const check of plugin.checks) verdicts[`${at} ${check.id}`] = check.status;
    }
  }
  if (startExitCode !== 0) notes.push(`kegcheck start exited ${startExitCode}:\n${output.slice(-4000)}`);
  const sorted = Object.fromEntries(Object.entries(verdicts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { format: 1, seed: SEED, startExitCode, verdicts: sorted };
}

function compareVerdicts(expected: VerdictFile, actual: VerdictFile): void {
  if (expected.startExitCode !== actual.startExitCode) problems.push(`kegcheck start exited ${actual.startExitCode}, expected ${expected.startExitCode}`);
  const keys = [...new Set([...Object.keys(expected.verdicts), ...Object.keys(actual.verdicts)])].sort();
  for (const key of keys) {
    const want = expected.verdicts[key];
    const got = actual.verdicts[key];
    if (want !== got) problems.push(`verdict changed: ${key}: expected ${want ?? '(absent)'}, got ${got ?? '(absent)'}`);
  }
}

function serialize(file: VerdictFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

async function run(): Promise<number> {
  const update = process.argv.includes('--update');
  const unknown = process.argv.slice(2).filter((a) => a !== '--update');
  if (unknown.length > 0) {
    process.stderr.write(`usage: .ci/check-fixtures [--update]\nunknown argument: ${unknown.join(' ')}\n`);
    return 2;
  }
  if (update) {
    await rebuild(REPO, new Map());
    if (problems.length > 0) {
      process.stderr.write(`check-fixtures --update: every toolchain is needed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    const verdicts = await verdictsOf(REPO);
    await writeFile(VERDICTS_FILE, serialize(verdicts));
    for (const note of notes) process.stdout.write(`${note}\n`);
    process.stdout.write(`wrote ${rel(REPO, VERDICTS_FILE)} (${Object.keys(verdicts.verdicts).length} verdicts); commit it with the rebuilt fixtures\n`);
    return 0;
  }

  const committed = await checkCommitted(REPO);
  const work = await mkdtemp(join(tmpdir(), 'kegcheck-check-fixtures-'));
  try {
    // A copy keeps the checkout as it is; suites name fixtures by ../fixtures/…, so both go.
    const skip = (src: string): boolean => !/[/\\](target|dist|node_modules)([/\\]|$)/.test(relative(REPO, src));
    await cp(join(REPO, 'fixtures'), join(work, 'fixtures'), { recursive: true, filter: skip });
    await cp(join(REPO, 'conformance'), join(work, 'conformance'), { recursive: true, filter: skip });
    await rebuild(work, committed);
    const actual = await verdictsOf(work);
    let expected: VerdictFile;
    try {
      expected = JSON.parse(await readFile(VERDICTS_FILE, 'utf8')) as VerdictFile;
    } catch (error) {
      problems.push(`cannot read ${rel(REPO, VERDICTS_FILE)}: ${(error as Error).message} (write it with .ci/check-fixtures --update)`);
      expected = { format: 1, seed: SEED, startExitCode: 0, verdicts: {} };
    }
    compareVerdicts(expected, actual);
    notes.push(`${Object.keys(actual.verdicts).length} fixture verdicts compared with ${rel(REPO, VERDICTS_FILE)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  for (const note of notes) process.stdout.write(`${note}\n`);
  if (problems.length > 0) {
    process.stderr.write(`\ncheck-fixtures: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('check-fixtures: committed fixture builds match their sources and toolchains; verdicts unchanged\n');
  return 0;
}

process.exitCode = await run();
