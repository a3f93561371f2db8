import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { buildPlugin, type BuildOptions, type BuildOutcome } from './build-plugin.js';
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

/** Builds every plugin with sources under `root`; used by the test setup and `npm start`. */
export async function buildTree(root: string, options: BuildOptions = {}): Promise<BuildOutcome[]> {
  // Compilers run as child processes (cargo, asc), so one per core overlaps them.
  return mapConcurrent(await findPluginSourceDirs(join(root)), availableParallelism(), (dir) => buildPlugin(dir, options));
}
