import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import type { Keg, KegPlugin } from './keg.js';
import { kegOutline } from './keg-outline.js';
import { loadKeg, type LoadKegOptions } from './load-keg.js';
import { localKegHint } from './_internals/local-keg-hint.js';
import { pathExists } from './_internals/stat-or-undefined.js';

/** Splits `package:plugin` at the LAST ':' (the package part may be a path, even one with ':'). */
export function splitPluginName(name: string): { pkg: string; plugin: string } {
  const at = name.lastIndexOf(':');
  if (at <= 0 || at === name.length - 1) {
    throw new KegcheckError('plugin-name', `"${name}" is not a plugin name of the form package:plugin`, { location: { file: name } });
  }
  return { pkg: name.slice(0, at), plugin: name.slice(at + 1) };
}

export interface PackageStoreOptions {
  /** `--store DIR` values, searched first, in order. */
  readonly storeDirs?: readonly string[];
  /** Environment to read KEGS_STORE_PATH, WASM_KEGS_PACKAGE_STORE_DIR and HOME from; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Base for relative paths; default process.cwd(). */
  readonly cwd?: string;
  /** Passed to loadKeg. */
  readonly load?: LoadKegOptions;
}

/**
 * Finds packages by name in a list of store directories. Order: `--store`
 * dirs, then `KEGS_STORE_PATH` (a path list), then the reference host's
 * default, `WASM_KEGS_PACKAGE_STORE_DIR` or else `~/.local/share/wasm-kegs/packages`.
 * A package `pkg` is the folder `<store>/pkg` or the file `<store>/pkg.keg`;
 * a package part that is a path (absolute, `./`, `../`, containing `/`, or
 * ending in `.keg`) is used as it is.
 */
export class PackageStore {
  readonly dirs: readonly string[];
  readonly #cwd: string;
  readonly #load: LoadKegOptions;

  constructor(dirs: readonly string[], options: { cwd?: string; load?: LoadKegOptions } = {}) {
    this.#cwd = options.cwd ?? process.cwd();
    this.dirs = [...new Set(dirs.map((d) => resolve(this.#cwd, d)))];
    this.#load = { cwd: this.#cwd, ...options.load };
  }

  static fromEnvironment(opts: PackageStoreOptions = {}): PackageStore {
    const env = opts.env ?? process.env;
    const fromPath = (env['KEGS_STORE_PATH'] ?? '').split(delimiter).filter((d) => d !== '');
    const home = env['HOME'] ?? homedir();
    const fallback = env['WASM_KEGS_PACKAGE_STORE_DIR'] ?? join(home, '.local', 'share', 'wasm-kegs', 'packages');
    return new PackageStore([...(opts.storeDirs ?? []), ...fromPath, fallback], {
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
      ...(opts.load === undefined ? {} : { load: opts.load }),
    });
  }

  /** Where package `pkg` is on disk, or undefined. */
  async locate(pkg: string): Promise<string | undefined> {
    if (isPathLike(pkg)) return (await pathExists(resolve(this.#cwd, pkg))) ? resolve(this.#cwd, pkg) : undefined;
    for (const dir of this.dirs) {
      for (const candidate of [join(dir, pkg), join(dir, `${pkg}.keg`)]) {
        if (await pathExists(candidate)) return candidate;
      }
    }
    return undefined;
  }

  /** Loads the package of `package:plugin` and finds the plugin in it; the caller disposes the keg. */
  async resolve(name: string): Promise<{ keg: Keg; plugin: KegPlugin }> {
    const { pkg, plugin: pluginName } = splitPluginName(name);
    const path = await this.locate(pkg);
    if (path === undefined) {
      const searched = isPathLike(pkg) ? resolve(this.#cwd, pkg) : this.dirs.join(', ');
      const hint = isPathLike(pkg) ? undefined : await localKegHint(pkg, pluginName, this.#cwd);
      throw new KegcheckError('package-not-found', `package "${pkg}" not found in the store (searched: ${searched})${hint === undefined ? '' : `; ${hint}`}`, { location: { file: name } });
    }
    const keg = await loadKeg(path, this.#load);
    const plugin = keg.plugins.find((p) => p.name === pluginName);
    if (plugin === undefined) {
      const available = keg.plugins.map((p) => p.name).join(', ') || 'none';
      await keg.dispose();
      throw new KegcheckError('plugin-not-found', `package "${pkg}" has no plugin "${pluginName}" (it has: ${available})`, { location: { file: name } });
    }
    return { keg, plugin };
  }

  /**
   * Every plugin in the store (optionally of one type) as `package:plugin`
   * names that resolve() accepts. Kegs that cannot be loaded are skipped.
   */
  async listPlugins(type?: string): Promise<Array<{ kegPath: string; name: string; type: string }>> {
    return (await this.#list(type, false)).map(({ kegPath, name, type: t }) => ({ kegPath, name, type: t }));
  }

  /**
   * As listPlugins, each entry with its package name and an outline of its
   * keg (kegOutline: what planning a run needs), the keg itself disposed:
   * a run over a large store plans from these and loads each keg on its turn.
   */
  async outlinePlugins(type?: string): Promise<Array<{ kegPath: string; pkg: string; name: string; type: string; plugin: string; keg: Keg }>> {
    return this.#list(type, true);
  }

  async #list(type: string | undefined, outline: boolean): Promise<Array<{ kegPath: string; pkg: string; name: string; type: string; plugin: string; keg: Keg }>> {
    const out: Array<{ kegPath: string; pkg: string; name: string; type: string; plugin: string; keg: Keg }> = [];
    const seen = new Set<string>();
    for (const dir of this.dirs) {
      for (const kegPath of await packagesIn(dir)) {
        const pkg = basename(kegPath).replace(/\.keg$/, '');
        // An earlier store dir shadows a later one, as in locate().
        if (seen.has(pkg)) continue;
        seen.add(pkg);
        let keg: Keg;
        try {
          keg = await loadKeg(kegPath, this.#load);
        } catch {
          continue;
        }
        keg.plugins.forEach((loaded, i) => {
          if (type !== undefined && loaded.type !== type) return;
          // One outline per entry, as resolve() gives one keg per plugin name; its strings, not the loaded keg's (slices of keg.toml's text).
          const entryKeg = outline ? kegOutline(keg) : keg;
          const plugin = entryKeg.plugins[i] as KegPlugin;
          out.push({ kegPath, pkg, name: `${pkg}:${plugin.name}`, type: plugin.type, plugin: plugin.name, keg: entryKeg });
        });
        await keg.dispose();
      }
    }
    return out;
  }
}

function isPathLike(pkg: string): boolean {
  return isAbsolute(pkg) || pkg.startsWith('.') || pkg.includes('/') || pkg.includes('\\') || pkg.endsWith('.keg');
}

/**
 * Store packages: `<dir>/<pkg>/keg.toml` folders and `<dir>/<pkg>.keg` files.
 * A store is often made of symbolic links to where kegs are built, so links
 * are followed to what they name (locate() already does); the keg behind one
 * is loaded with the same checks as any other. A dangling link is skipped.
 */
async function packagesIn(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let kind: { isFile(): boolean; isDirectory(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        kind = await stat(path);
      } catch {
        continue;
      }
    }
    if (kind.isFile() && entry.name.endsWith('.keg')) out.push(path);
    else if (kind.isDirectory() && (await pathExists(join(path, 'keg.toml')))) out.push(path);
  }
  return out.sort();
}
