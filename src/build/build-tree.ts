import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { buildPluginSettled, type BuildFailure, type BuildOptions, type BuildOutcome } from './build-plugin.js';
import { mapConcurrent } from './_internals/map-concurrent.js';

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
  return mapConcurrent(await findPluginSourceDirs(join(root)), availableParallelism(), (dir) => buildPluginSettled(dir, options));
}

/** One line per failed plugin, missing toolchains first (they are what a reader installs). */
export function describeBuildFailures(results: ReadonlyArray<BuildOutcome | BuildFailure>, root: string): string[] {
  const failures = results.filter((r): r is BuildFailure => r.status === 'failed');
  const rank = (f: BuildFailure): number => (f.code === 'toolchain-missing' ? 0 : 1);
  return [...failures]
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => `${relative(root, f.pluginDir) || f.pluginDir} [${f.code}]: ${f.message}`);
}

/** Throws one `build-failed` error listing every failure, after the whole tree was attempted. */
export function assertTreeBuilt(results: ReadonlyArray<BuildOutcome | BuildFailure>, root: string): BuildOutcome[] {
  const lines = describeBuildFailures(results, root);
  if (lines.length > 0) {
    throw new KegcheckError('build-failed', `${lines.length} plugin(s) under ${root} could not be built:\n${lines.join('\n')}`, { location: { file: root } });
  }
  return results.filter((r): r is BuildOutcome => r.status !== 'failed');
}
