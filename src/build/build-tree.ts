import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { buildPluginSettled, type BuildFailure, type BuildOptions, type BuildOutcome } from './build-plugin.js';
import { taskPool } from '../_internals/task-pool.js';

/** Finds every `plugins/<name>/src` under `root` (skipping node_modules, target, dist). */
export async function findPluginSourceDirs(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const dirs = new Set<string>();
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name !== 'src') continue;
    const pluginDir = entry.parentPath;
    // Relative, so a checkout that itself lives under some target/ folder is still scanned.
    if (/(^|[/\\])(node_modules|target|dist)([/\\]|$)/.test(relative(root, pluginDir))) continue;
    if (basename(dirname(pluginDir)) !== 'plugins') continue;
    dirs.add(pluginDir);
  }
  return [...dirs].sort();
}

/**
 * Builds every plugin with sources under `root`; used by the test setup and `npm start`.
 * One plugin's failure (a missing toolchain included) never stops the others:
 * every plugin that can be built is, and each failure comes back as a result.
 */
export async function buildTree(root: string, options: BuildOptions = {}): Promise<Array<BuildOutcome | BuildFailure>> {
  // Compilers run as child processes (cargo, asc), so one per core overlaps them.
  const dirs = await findPluginSourceDirs(join(root));
  return taskPool(dirs.length, availableParallelism(), (i) => buildPluginSettled(dirs[i] as string, options));
}

/**
 * One entry per missing toolchain (with the plugins that need it), then one per
 * other failed plugin: a tree of twenty Rust plugins without cargo says so once.
 */
export function describeBuildFailures(results: ReadonlyArray<BuildOutcome | BuildFailure>, root: string): string[] {
  const failures = results.filter((r): r is BuildFailure => r.status === 'failed');
  const where = (f: BuildFailure): string => relative(root, f.pluginDir) || f.pluginDir;
  const missing = new Map<string, string[]>();
  const others: string[] = [];
  for (const failure of failures) {
    if (failure.code !== 'toolchain-missing') {
      others.push(`${where(failure)} [${failure.code}]: ${failure.message}`);
      continue;
    }
    const [what = '', ...why] = failure.message.split('\n');
    const needers = missing.get(what) ?? [];
    needers.push(`${where(failure)}${why.length > 0 ? ` ${why.join(' ')}` : ''}`);
    missing.set(what, needers);
  }
  const grouped = [...missing].map(([what, needers]) => `[toolchain-missing] ${what}\n  needed by ${needers.length} plugin(s):\n${needers.map((n) => `    ${n}`).join('\n')}`);
  return [...grouped, ...others];
}

/** Throws one `build-failed` error listing every failure, after the whole tree was attempted. */
export function assertTreeBuilt(results: ReadonlyArray<BuildOutcome | BuildFailure>, root: string): BuildOutcome[] {
  const failed = results.filter((r) => r.status === 'failed').length;
  if (failed > 0) {
    const lines = describeBuildFailures(results, root);
    throw new KegcheckError('build-failed', `${failed} plugin(s) under ${root} could not be built:\n${lines.join('\n')}`, { location: { file: root } });
  }
  return results.filter((r): r is BuildOutcome => r.status !== 'failed');
}
