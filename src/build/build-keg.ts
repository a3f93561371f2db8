import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, isAbsolute } from 'node:path';
import type { SourceLocation } from '../kegcheck-error.js';
import { buildPluginSettled, type BuildOptions, type BuildOutcome } from './build-plugin.js';
import { taskPool } from '../_internals/task-pool.js';
import { readKegToml } from './_internals/read-keg-toml.js';

/** One plugin's build result: what `buildPlugin` returned, or why it failed. */
export type PluginBuildResult =
  | (BuildOutcome & { readonly plugin: string })
  | {
      readonly plugin: string;
      readonly pluginDir: string;
      readonly status: 'failed';
      /** `build-compile`, `build-sources`, `build-timeout`, `toolchain-missing`, `internal`, `plugin-dir-missing`, `plugin-dir-outside`. */
      readonly code: string;
      /** For `build-compile`: the compiler's own output, verbatim. */
      readonly message: string;
      readonly location?: SourceLocation;
    };

export interface KegBuildResult {
  readonly kegDir: string;
  readonly name: string;
  readonly version: string;
  readonly plugins: readonly PluginBuildResult[];
}

/**
 * Builds every plugin declared in `<kegDir>/keg.toml` that has sources.
 * Plugins build concurrently (one per core) and are reported in keg.toml order.
 * A plugin that fails to compile does not stop the others; a broken keg.toml throws.
 */
export async function buildKeg(kegDir: string, options: BuildOptions = {}): Promise<KegBuildResult> {
  const info = await readKegToml(kegDir);
  const kegRoot = realpathSync(kegDir);
  const plugins = await taskPool(info.plugins.length, availableParallelism(), async (i): Promise<PluginBuildResult> => {
    const { name, dir } = info.plugins[i] as (typeof info.plugins)[number];
    if (!existsSync(dir)) {
      return { plugin: name, pluginDir: dir, status: 'failed', code: 'plugin-dir-missing', message: `plugin folder ${dir} does not exist`, location: { file: info.file } };
    }
    // A symlinked plugin or source folder would have the build write outside the keg.
    const escaped = [dir, join(dir, 'src')].find((d) => existsSync(d) && !isInside(realpathSync(d), kegRoot));
    if (escaped !== undefined) {
      return { plugin: name, pluginDir: dir, status: 'failed', code: 'plugin-dir-outside', message: `${escaped} leads outside the keg (symbolic link); not built`, location: { file: info.file } };
    }
    return { plugin: name, ...(await buildPluginSettled(dir, options)) };
  });
  return { kegDir, name: info.name, version: info.version, plugins };
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
