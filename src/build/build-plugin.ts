import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { KegcheckError } from '../kegcheck-error.js';

const execFileAsync = promisify(execFile);

/** Which compiler turned a plugin's sources into its plugin.wasm. */
export type Toolchain = 'wat' | 'assemblyscript' | 'rust';

export interface BuildOutcome {
  readonly pluginDir: string;
  readonly toolchain: Toolchain | undefined;
  /** `built`, `up-to-date` (wasm newer than every source), or `no-sources`. */
  readonly status: 'built' | 'up-to-date' | 'no-sources';
  readonly wasmPath: string;
  readonly bytes?: number;
}

export interface BuildOptions {
  /** Rebuild even when plugin.wasm is newer than the sources. */
  readonly force?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    if (full.includes(`${'/'}target${'/'}`)) continue;
    newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

function detectToolchain(srcDir: string): { toolchain: Toolchain; dir: string } | undefined {
  if (existsSync(join(srcDir, 'rust'))) return { toolchain: 'rust', dir: join(srcDir, 'rust') };
  if (existsSync(join(srcDir, 'assemblyscript'))) return { toolchain: 'assemblyscript', dir: join(srcDir, 'assemblyscript') };
  if (existsSync(join(srcDir, 'wat'))) return { toolchain: 'wat', dir: join(srcDir, 'wat') };
  return undefined;
}

async function compileWat(dir: string): Promise<Uint8Array> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.wat')).sort();
  const file = files[0];
  if (file === undefined || files.length > 1) {
    throw new KegcheckError('build-sources', `expected exactly one .wat file in ${dir}, found ${files.length}`, { location: { file: dir } });
  }
  const { default: initWabt } = await import('wabt');
  const wabt = await initWabt();
  const path = join(dir, file);
  let module;
  try {
    module = wabt.parseWat(path, await readFile(path, 'utf8'), { multi_value: true, bulk_memory: true });
  } catch (error) {
    throw new KegcheckError('build-compile', `wat2wasm failed:\n${error instanceof Error ? error.message : String(error)}`, {
      location: { file: path },
      cause: error,
    });
  }
  try {
    module.resolveNames();
    module.validate();
    return module.toBinary({ log: false }).buffer;
  } finally {
    module.destroy();
  }
}

async function compileAssemblyScript(dir: string, outFile: string): Promise<void> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts in ${dir}`, { location: { file: dir } });
  }
  const asc = await import('assemblyscript/asc');
  let stderr = '';
  const result = await asc.main(
    [entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', '-O3', '--noAssert'],
    {
      stdout: { write: () => true } as never,
      stderr: { write: (chunk: string | Uint8Array) => ((stderr += String(chunk)), true) } as never,
    },
  );
  if (result.error !== null) {
    throw new KegcheckError('build-compile', `asc failed:\n${stderr || result.error.message}`, { location: { file: entry } });
  }
}

async function compileRust(dir: string, env: NodeJS.ProcessEnv): Promise<Uint8Array> {
  const crates = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
  const crate = crates.find((c) => existsSync(join(c, 'Cargo.toml')) || existsSync(join(c, 'cargo.toml')));
  if (crate === undefined) throw new KegcheckError('build-sources', `no crate with Cargo.toml under ${dir}`, { location: { file: dir } });
  const cargo = env['CARGO'] ?? (existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo');
  const rustc = env['RUSTC'] ?? (existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc');
  const targetDir = join(crate, 'target');
  try {
    await execFileAsync(cargo, ['build', '--offline', '--release', '--target', 'wasm32-unknown-unknown'], {
      cwd: crate,
      env: { ...env, RUSTC: rustc, CARGO_TARGET_DIR: targetDir, RUSTFLAGS: '-C debuginfo=0 -C strip=symbols' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new KegcheckError('toolchain-missing', `cargo not found (${cargo}); install Debian's rustc cargo libstd-rust-dev-wasm32`, { location: { file: crate } });
    }
    throw new KegcheckError('build-compile', `cargo build failed:\n${e.stderr ?? e.message}`, { location: { file: crate }, cause: error });
  }
  const outDir = join(targetDir, 'wasm32-unknown-unknown', 'release');
  const wasm = (await readdir(outDir)).filter((f) => f.endsWith('.wasm'));
  const first = wasm[0];
  if (first === undefined) throw new KegcheckError('build-compile', `cargo produced no .wasm in ${relative(crate, outDir)}`, { location: { file: crate } });
  return readFile(join(outDir, first));
}

/**
 * Compiles `<pluginDir>/src/{rust,assemblyscript,wat}` into `<pluginDir>/plugin.wasm`.
 * Skips the work when plugin.wasm is newer than every source file.
 */
export async function buildPlugin(pluginDir: string, options: BuildOptions = {}): Promise<BuildOutcome> {
  const wasmPath = join(pluginDir, 'plugin.wasm');
  const srcDir = join(pluginDir, 'src');
  const found = existsSync(srcDir) ? detectToolchain(srcDir) : undefined;
  if (found === undefined) return { pluginDir, toolchain: undefined, status: 'no-sources', wasmPath };
  if (options.force !== true && existsSync(wasmPath)) {
    const wasmTime = (await stat(wasmPath)).mtimeMs;
    if (wasmTime >= (await newestMtime(found.dir))) {
      return { pluginDir, toolchain: found.toolchain, status: 'up-to-date', wasmPath };
    }
  }
  // Written beside and renamed, so a concurrent reader never sees half a module.
  const tmpPath = `${wasmPath}.${process.pid}.tmp`;
  let bytes: Uint8Array;
  switch (found.toolchain) {
    case 'wat':
      bytes = await compileWat(found.dir);
      await writeFile(tmpPath, bytes);
      break;
    case 'assemblyscript':
      await compileAssemblyScript(found.dir, tmpPath);
      bytes = await readFile(tmpPath);
      break;
    case 'rust':
      bytes = await compileRust(found.dir, options.env ?? process.env);
      await writeFile(tmpPath, bytes);
      break;
  }
  await rename(tmpPath, wasmPath);
  return { pluginDir, toolchain: found.toolchain, status: 'built', wasmPath, bytes: bytes.byteLength };
}
