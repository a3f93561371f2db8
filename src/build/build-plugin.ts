import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';
import { compileAssemblyScript } from './_internals/compile-assemblyscript.js';
import { compileRust } from './_internals/compile-rust.js';
import { compileWat } from './_internals/compile-wat.js';
import { newestSourceMtime } from './_internals/newest-source-mtime.js';

/** Which compiler turned a plugin's sources into its plugin.wasm. */
export type Toolchain = 'wat' | 'assemblyscript' | 'rust';

export interface BuildOutcome {
  readonly pluginDir: string;
  readonly toolchain: Toolchain | undefined;
  /** `built`, `up-to-date` (wasm newer than every source), or `no-sources`. */
  readonly status: 'built' | 'up-to-date' | 'no-sources';
  readonly wasmPath: string;
  readonly bytes?: number;
  /** The compiler that ran, e.g. `cargo 1.65.0 (rustc /usr/bin/rustc)`, `asc 0.28.20`, `wabt 1.0.39`. */
  readonly compiler?: string;
}

export interface BuildOptions {
  /** Rebuild even when plugin.wasm is newer than the sources. */
  readonly force?: boolean;
  /** Environment for external compilers; `CARGO` and `RUSTC` pick the Rust toolchain. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Build `plugin.debug.wasm` (which the host prefers when newer) with what
   * maps code back to sources: DWARF line tables for Rust, a source map
   * (`plugin.debug.wasm.map`) for AssemblyScript, the name section for WAT.
   */
  readonly debug?: boolean;
}

const TOOLCHAIN_DIRS: readonly Toolchain[] = ['rust', 'assemblyscript', 'wat'];

function detectToolchain(srcDir: string): { toolchain: Toolchain; dir: string } | undefined {
  const present = TOOLCHAIN_DIRS.filter((t) => existsSync(join(srcDir, t)));
  const only = present[0];
  if (only === undefined) return undefined;
  if (present.length > 1) {
    // Picking one silently would ship a plugin built from sources the author did not mean.
    throw new KegcheckError(
      'build-sources',
      `plugin has sources for several toolchains (src/${present.join(', src/')}); keep exactly one`,
      { location: { file: srcDir } },
    );
  }
  return { toolchain: only, dir: join(srcDir, only) };
}

/**
 * Compiles `<pluginDir>/src/{rust,assemblyscript,wat}` into `<pluginDir>/plugin.wasm`.
 * Skips the work when plugin.wasm is newer than every source file (unless `force`).
 * Throws a {@link KegcheckError}: `build-sources` (source layout), `build-compile`
 * (compiler output verbatim in the message) or `toolchain-missing`.
 */
export async function buildPlugin(pluginDir: string, options: BuildOptions = {}): Promise<BuildOutcome> {
  const debug = options.debug === true;
  const wasmPath = join(pluginDir, debug ? 'plugin.debug.wasm' : 'plugin.wasm');
  const srcDir = join(pluginDir, 'src');
  const found = existsSync(srcDir) ? detectToolchain(srcDir) : undefined;
  if (found === undefined) return { pluginDir, toolchain: undefined, status: 'no-sources', wasmPath };
  if (options.force !== true && existsSync(wasmPath)) {
    const wasmTime = (await stat(wasmPath)).mtimeMs;
    if (wasmTime >= (await newestSourceMtime(found.dir))) {
      return { pluginDir, toolchain: found.toolchain, status: 'up-to-date', wasmPath };
    }
  }
  // Written beside and renamed, so a concurrent reader never sees half a module.
  // Unique per build, so two keg.toml entries sharing a folder never write the same temp file.
  const tmpPath = `${wasmPath}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    let bytes: Uint8Array;
    let compiler: string;
    switch (found.toolchain) {
      case 'wat':
        ({ bytes, compiler } = await compileWat(found.dir, debug));
        await writeFile(tmpPath, bytes);
        break;
      case 'assemblyscript':
        ({ compiler } = await compileAssemblyScript(found.dir, tmpPath, debug ? `${basename(wasmPath)}.map` : undefined));
        bytes = await readFile(tmpPath);
        // asc writes the map itself, named by the URL it records: plugin.debug.wasm.map.
        break;
      case 'rust':
        ({ bytes, compiler } = await compileRust(found.dir, options.env ?? process.env, debug));
        await writeFile(tmpPath, bytes);
        break;
    }
    await rename(tmpPath, wasmPath);
    return { pluginDir, toolchain: found.toolchain, status: 'built', wasmPath, bytes: bytes.byteLength, compiler };
  } finally {
    await unlink(tmpPath).catch(() => undefined);
  }
}
