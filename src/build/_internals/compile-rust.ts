import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KegcheckError } from '../../kegcheck-error.js';
import { keepLineTables } from './keep-line-tables.js';

const execFileAsync = promisify(execFile);

const TARGET = 'wasm32-unknown-unknown';
const INSTALL_HINT = "install Debian's rustc cargo libstd-rust-dev-wasm32 (apt-get install rustc cargo libstd-rust-dev-wasm32)";
// A release build of a small crate takes seconds; ten minutes means something is stuck.
const CARGO_TIMEOUT_MS = 10 * 60_000;

interface ExecFailure {
  readonly code?: string | number;
  readonly stderr?: string;
  readonly stdout?: string;
  readonly killed?: boolean;
  readonly message: string;
}

/**
 * Debian's cargo with RUSTC=/usr/bin/rustc reaches the wasm32 std from
 * libstd-rust-dev-wasm32; rustup's toolchain here has no wasm32 target, so the
 * Debian binaries are preferred when the caller does not choose.
 */
function pickTools(env: NodeJS.ProcessEnv): { cargo: string; rustc: string } {
  const cargo = env['CARGO'] ?? (existsSync('/usr/bin/cargo') ? '/usr/bin/cargo' : 'cargo');
  const rustc = env['RUSTC'] ?? (existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc');
  return { cargo, rustc };
}

async function probe(tool: string, args: readonly string[], what: string): Promise<{ ok: true; stdout: string } | { ok: false; message: string }> {
  try {
    const { stdout } = await execFileAsync(tool, args, { timeout: 30_000 });
    return { ok: true, stdout: stdout.trim() };
  } catch (error) {
    const e = error as ExecFailure;
    const reason = e.code === 'ENOENT' ? 'not found' : e.code === 'EACCES' ? 'not executable' : (e.stderr ?? e.message).trim();
    return { ok: false, message: `${what} '${tool}' ${reason}; ${INSTALL_HINT}` };
  }
}

export type RustToolchain =
  | { readonly ok: true; readonly cargo: string; readonly rustc: string; readonly compiler: string }
  | { readonly ok: false; readonly message: string };

/**
 * Finds cargo and a rustc that can build for wasm32-unknown-unknown, without
 * building anything. A rustc without the wasm32 standard library (rustup's
 * default toolchain on a fresh machine) is a missing toolchain, not a compile
 * error: cargo would otherwise fail with "can't find crate for `core`".
 */
export async function detectRustToolchain(env: NodeJS.ProcessEnv): Promise<RustToolchain> {
  const { cargo, rustc } = pickTools(env);
  const cargoVersion = await probe(cargo, ['--version'], 'cargo');
  if (!cargoVersion.ok) return cargoVersion;
  const rustcVersion = await probe(rustc, ['--version'], 'rustc');
  if (!rustcVersion.ok) return rustcVersion;
  const libdir = await probe(rustc, ['--print', 'target-libdir', '--target', TARGET], 'rustc');
  if (!libdir.ok) return libdir;
  const hasCore = existsSync(libdir.stdout) && (await readdir(libdir.stdout)).some((f) => f.startsWith('libcore-') && f.endsWith('.rlib'));
  if (!hasCore) {
    const rustup = /[/\\]\.rustup[/\\]/.test(libdir.stdout) ? `\`rustup target add ${TARGET}\`, or ` : '';
    return {
      ok: false,
      message: `${rustcVersion.stdout} ('${rustc}') has no ${TARGET} standard library (looked in ${libdir.stdout}); install it: ${rustup}${INSTALL_HINT}, then set RUSTC (and CARGO) to that toolchain if it is not the default`,
    };
  }
  return { ok: true, cargo, rustc, compiler: `${cargoVersion.stdout}, ${rustcVersion.stdout}` };
}

async function findCrate(dir: string): Promise<string> {
  const crates = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name))
    .filter((c) => existsSync(join(c, 'Cargo.toml')))
    .sort();
  const crate = crates[0];
  if (crate === undefined) {
    const hint = (await readdir(dir, { withFileTypes: true })).some((e) => e.isDirectory() && existsSync(join(dir, e.name, 'cargo.toml')))
      ? ' (found cargo.toml: cargo only reads Cargo.toml with a capital C)'
      : '';
    throw new KegcheckError('build-sources', `no crate folder with Cargo.toml under ${dir}${hint}`, { location: { file: dir } });
  }
  if (crates.length > 1) {
    throw new KegcheckError('build-sources', `expected one crate under ${dir}, found ${crates.length}`, { location: { file: dir } });
  }
  return crate;
}

/** The `.wasm` cargo reports for the crate's cdylib target, from its JSON messages. */
function wasmArtifact(stdout: string, crate: string): string {
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as { reason?: string; filenames?: string[]; target?: { kind?: string[] } };
    if (message.reason !== 'compiler-artifact' || message.target?.kind?.includes('cdylib') !== true) continue;
    found.push(...(message.filenames ?? []).filter((f) => f.endsWith('.wasm')));
  }
  const wasm = found[0];
  if (wasm === undefined) {
    throw new KegcheckError('build-sources', 'cargo built no .wasm: add `[lib] crate-type = ["cdylib"]` to Cargo.toml', {
      location: { file: join(crate, 'Cargo.toml') },
    });
  }
  return wasm;
}

/** `cargo build --release --target wasm32-unknown-unknown`, offline, without debug info (with DWARF line tables when `debug`). */
export async function compileRust(dir: string, env: NodeJS.ProcessEnv, debug = false): Promise<{ bytes: Uint8Array; compiler: string }> {
  const crate = await findCrate(dir);
  const tools = await detectRustToolchain(env);
  if (!tools.ok) throw new KegcheckError('toolchain-missing', tools.message, { location: { file: crate } });
  const { cargo, rustc } = tools;
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(
      cargo,
      ['build', '--offline', '--release', '--target', TARGET, '--message-format=json-render-diagnostics'],
      {
        cwd: crate,
        env: {
          ...env,
          RUSTC: rustc,
          CARGO_TARGET_DIR: join(crate, 'target'),
          // Unstripped release output is ~5 MB of DWARF and names.
          // A debug build keeps line tables only (debuginfo=1): enough to map code to lines.
          RUSTFLAGS: debug ? '-C debuginfo=1' : '-C debuginfo=0 -C strip=symbols',
          CARGO_TERM_COLOR: 'never',
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: CARGO_TIMEOUT_MS,
      },
    ));
  } catch (error) {
    const e = error as ExecFailure;
    if (e.killed === true) {
      throw new KegcheckError('build-timeout', `cargo build did not finish within ${CARGO_TIMEOUT_MS / 1000} s`, { location: { file: crate }, cause: error });
    }
    throw new KegcheckError('build-compile', `cargo build failed:\n${(e.stderr ?? '') || e.message}`, { location: { file: crate }, cause: error });
  }
  const bytes = await readFile(wasmArtifact(stdout, crate));
  return { bytes: debug ? keepLineTables(bytes) : bytes, compiler: tools.compiler };
}
