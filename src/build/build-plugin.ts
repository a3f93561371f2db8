import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isKegcheckError, KegcheckError, type SourceLocation } from '../kegcheck-error.js';
import { checkFreshness, fingerprintFileFor, makeFingerprint, writeFingerprint, type Toolchain } from './build-fingerprint.js';
import { compileAssemblyScript } from './_internals/compile-assemblyscript.js';
import { compileRust } from './_internals/compile-rust.js';
import { compileWat } from './_internals/compile-wat.js';

export type { Toolchain } from './build-fingerprint.js';

export interface BuildOutcome {
  readonly pluginDir: string;
  readonly toolchain: Toolchain | undefined;
  /**
   * `built`, `up-to-date` (plugin.build.json matches the sources and plugin.wasm),
   * or `no-sources`.
   */
  readonly status: 'built' | 'up-to-date' | 'no-sources';
  readonly wasmPath: string;
  readonly bytes?: number;
  /** The compiler that ran (or, when up to date, that built it), e.g. `cargo 1.65.0, rustc 1.63.0`, `asc 0.28.20`, `wabt 1.0.39 (wat2wasm)`. */
  readonly compiler?: string;
  /** Why it was built: `forced`, `no plugin.build.json`, `sources changed since plugin.build.json`, … */
  readonly reason?: string;
}

/** Why a plugin could not be built; what {@link buildPlugin} threw, as a value. */
export interface BuildFailure {
  readonly pluginDir: string;
  readonly status: 'failed';
  /** `build-compile`, `build-sources`, `build-timeout`, `toolchain-missing`, `internal`, … */
  readonly code: string;
  /** For `build-compile`: the compiler's own output, verbatim. */
  readonly message: string;
  readonly location?: SourceLocation;
}

export interface BuildOptions {
  /** Rebuild even when the fingerprint says plugin.wasm is up to date. */
  readonly force?: boolean;
  /** Environment for external compilers; `CARGO` and `RUSTC` pick the Rust toolchain. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Build `plugin.debug.wasm` (which the host prefers when newer) with what
   * maps code back to sources: DWARF line tables for Rust, a source map
   * (`plugin.debug.wasm.map`) for AssemblyScript, the name section for WAT.
   * It has its own fingerprint, `plugin.debug.build.json`; plugin.wasm and
   * plugin.build.json are left alone.
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
 * Compiles `<pluginDir>/src/{rust,assemblyscript,wat}` into `<pluginDir>/plugin.wasm`
 * and writes its fingerprint, `<pluginDir>/plugin.build.json` (with `debug`:
 * plugin.debug.wasm and plugin.debug.build.json).
 * Skips the work (unless `force`) when the fingerprint matches both the sources'
 * contents and plugin.wasm: modification times are never consulted, so a fresh
 * clone with committed builds needs no toolchain.
 * Throws a {@link KegcheckError}: `build-sources` (source layout), `build-compile`
 * (compiler output verbatim in the message), `build-timeout`, `toolchain-missing`,
 * or `internal` (the compiler itself crashed: not the plugin's fault).
 */
export async function buildPlugin(pluginDir: string, options: BuildOptions = {}): Promise<BuildOutcome> {
  const debug = options.debug === true;
  const wasmFile = debug ? 'plugin.debug.wasm' : 'plugin.wasm';
  const wasmPath = join(pluginDir, wasmFile);
  const srcDir = join(pluginDir, 'src');
  const found = existsSync(srcDir) ? detectToolchain(srcDir) : undefined;
  if (found === undefined) return { pluginDir, toolchain: undefined, status: 'no-sources', wasmPath };
  let reason = 'forced';
  if (options.force !== true) {
    const freshness = await checkFreshness(pluginDir, found.toolchain, wasmFile);
    if (freshness.fresh) {
      return { pluginDir, toolchain: found.toolchain, status: 'up-to-date', wasmPath, compiler: freshness.fingerprint.compiler };
    }
    reason = freshness.reason;
  }
  // Written beside and renamed, so a concurrent reader never sees half a module.
  // Unique per build, so two keg.toml entries sharing a folder never write the same temp file.
  const tmpPath = `${wasmPath}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    let bytes: Uint8Array;
    let compiler: string;
    switch (found.toolchain) {
      case 'wat':
        ({ bytes, compiler } = await compileWat(found.dir, undefined, debug));
        await writeFile(tmpPath, bytes);
        break;
      case 'assemblyscript':
        // asc writes the map itself, named by the URL it records: plugin.debug.wasm.map.
        ({ compiler } = await compileAssemblyScript(found.dir, tmpPath, undefined, debug ? `${basename(wasmPath)}.map` : undefined));
        bytes = await readFile(tmpPath);
        break;
      case 'rust':
        ({ bytes, compiler } = await compileRust(found.dir, options.env ?? process.env, debug));
        await writeFile(tmpPath, bytes);
        break;
    }
    await rename(tmpPath, wasmPath);
    await writeFingerprint(pluginDir, await makeFingerprint(pluginDir, found.toolchain, compiler, bytes), fingerprintFileFor(wasmFile));
    return { pluginDir, toolchain: found.toolchain, status: 'built', wasmPath, bytes: bytes.byteLength, compiler, reason };
  } catch (error) {
    if (isKegcheckError(error) && error.code === 'toolchain-missing' && existsSync(wasmPath)) {
      // Say why a build was needed at all: the committed plugin.wasm no longer matches.
      throw new KegcheckError(error.code, `${error.message}\n(${wasmFile} needs a rebuild: ${reason})`, {
        ...(error.location === undefined ? {} : { location: error.location }),
        cause: error.cause,
      });
    }
    throw error;
  } finally {
    await unlink(tmpPath).catch(() => undefined);
  }
}

/** {@link buildPlugin}, with its user-facing errors returned as a {@link BuildFailure}; other errors still throw. */
export async function buildPluginSettled(pluginDir: string, options: BuildOptions = {}): Promise<BuildOutcome | BuildFailure> {
  try {
    return await buildPlugin(pluginDir, options);
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    return { pluginDir, status: 'failed', code: error.code, message: error.message, ...(error.location === undefined ? {} : { location: error.location }) };
  }
}
