import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { findKegs } from '../keg/find-kegs.js';
import type { Keg } from '../keg/keg.js';
import { kegOutline } from '../keg/keg-outline.js';
import { loadKeg } from '../keg/load-keg.js';
import type { PackageStore } from '../keg/package-store.js';
import type { SuiteTarget } from './run-suite.js';

/** Loaded targets of a run; `dispose` removes every temp dir their `.keg` files were extracted into. */
export interface ResolvedTargets {
  readonly targets: SuiteTarget[];
  dispose(): Promise<void>;
}

async function kind(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

export interface ResolveRunTargetsOptions {
  readonly cwd: string;
  /** With no arguments: the plugins of this type in the store. */
  readonly type?: string;
  /** Only this plugin of each keg. */
  readonly pluginName?: string;
  /**
   * Kegs of a store (no arguments, or a folder of kegs) are loaded once here
   * to plan, kept as outlines (kegOutline) and loaded again on their turn
   * (SuiteTarget.open), so a run over thousands of kegs holds a few at a time.
   * What fails to load fails here, as without streaming. Not with
   * `--coverage`: instrumenting needs every wasm path before the run.
   */
  readonly stream?: boolean;
}

/**
 * Turns `kegcheck run` arguments into loaded kegs: a keg folder or `.keg`
 * file; a folder of kegs (a store: every keg inside); `package:plugin` or a
 * package name found through the store. With no arguments, every plugin of
 * `type` in the store. Throws KegcheckError `target-not-found` for an
 * argument that names nothing (after disposing what was already loaded).
 */
export async function resolveRunTargets(args: readonly string[], store: PackageStore, options: ResolveRunTargetsOptions): Promise<ResolvedTargets> {
  const kegs: Keg[] = [];
  const targets: SuiteTarget[] = [];
  const add = (keg: Keg, plugin?: string, open?: () => Promise<Keg>): void => {
    const name = plugin ?? options.pluginName;
    if (open !== undefined) {
      targets.push(name === undefined ? { keg, open } : { keg, plugin: name, open });
      return;
    }
    if (!kegs.includes(keg)) kegs.push(keg);
    targets.push(name === undefined ? { keg } : { keg, plugin: name });
  };
  const dispose = async (): Promise<void> => {
    for (const keg of kegs) await keg.dispose();
  };
  try {
    if (args.length === 0) {
      const entries: Array<{ kegPath: string; name: string; outline?: { pkg: string; plugin: string; keg: Keg } }> =
        options.stream === true ? (await store.outlinePlugins(options.type)).map((e) => ({ ...e, outline: e })) : await store.listPlugins(options.type);
      for (const { kegPath, name, outline } of entries) {
        // Streamed when resolve() would load the very keg that was listed (locate() could pick another file of that name).
        if (outline !== undefined && (await store.locate(outline.pkg)) === kegPath) {
          add(outline.keg, outline.plugin, async () => (await store.resolve(name)).keg);
          continue;
        }
        const { keg, plugin } = await store.resolve(name);
        add(keg, plugin.name);
      }
      if (targets.length === 0) {
        throw new KegcheckError('target-not-found', `no keg named and no plugin of type ${options.type ?? '(any)'} in the store (${store.dirs.join(', ')})`, { location: { file: 'kegcheck run' } });
      }
    }
    for (const arg of args) {
      const path = resolve(options.cwd, arg);
      const found = await kind(path);
      if (found === 'file' || (found === 'dir' && (await kind(join(path, 'keg.toml'))) === 'file')) {
        add(await loadKeg(path));
        continue;
      }
      if (found === 'dir') {
        const inside = await findKegs(path);
        if (inside.length === 0) throw new KegcheckError('target-not-found', `${path} holds no keg.toml and no kegs`, { location: { file: arg } });
        for (const kegPath of inside) {
          const keg = await loadKeg(kegPath);
          if (options.stream !== true) {
            add(keg);
            continue;
          }
          add(kegOutline(keg), undefined, () => loadKeg(kegPath));
          await keg.dispose();
        }
        continue;
      }
      if (arg.includes(':')) {
        const { keg, plugin } = await store.resolve(arg);
        add(keg, plugin.name);
        continue;
      }
      const located = await store.locate(arg);
      if (located === undefined) {
        throw new KegcheckError('target-not-found', `'${arg}' is not a keg folder, a .keg file, package:plugin, or a package in the store (${store.dirs.join(', ')})`, {
          location: { file: arg },
        });
      }
      add(await loadKeg(located));
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { targets, dispose };
}
