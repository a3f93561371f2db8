import { randomUUID } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashSources, sha256 } from './_internals/hash-sources.js';

/** Which compiler turned a plugin's sources into its plugin.wasm. */
export type Toolchain = 'wat' | 'assemblyscript' | 'rust';

/** Written beside plugin.wasm by every build. */
export const FINGERPRINT_FILE = 'plugin.build.json';

/** The fingerprint of a build: plugin.build.json for plugin.wasm, plugin.debug.build.json for `build --debug`'s plugin.debug.wasm. */
export function fingerprintFileFor(wasmFile: string): string {
  return wasmFile === 'plugin.wasm' ? FINGERPRINT_FILE : wasmFile.replace(/\.wasm$/, '.build.json');
}

/**
 * What a plugin.wasm was built from and with. A build is up to date when the
 * sources hash to `sources.sha256` and plugin.wasm hashes to `wasm.sha256`;
 * the compiler is recorded so CI can notice a toolchain change, but a
 * different compiler on this machine does not make a build stale (that would
 * demand every toolchain on every machine).
 */
export interface BuildFingerprint {
  readonly format: 1;
  readonly toolchain: Toolchain;
  /** e.g. `wabt 1.0.39 (wat2wasm)`, `asc 0.28.20`, `cargo 1.65.0, rustc 1.63.0`. */
  readonly compiler: string;
  /** Over `<plugin>/src/`, skipping target/, node_modules/, .git/ and *.tmp. */
  readonly sources: { readonly sha256: string; readonly files: readonly string[] };
  readonly wasm: { readonly sha256: string; readonly bytes: number };
}

export type Freshness =
  | { readonly fresh: true; readonly fingerprint: BuildFingerprint }
  | { readonly fresh: false; readonly reason: string; readonly fingerprint?: BuildFingerprint };

const TOOLCHAINS: readonly string[] = ['wat', 'assemblyscript', 'rust'];

function isHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

function asFingerprint(value: unknown): BuildFingerprint | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const sources = v['sources'] as Record<string, unknown> | undefined;
  const wasm = v['wasm'] as Record<string, unknown> | undefined;
  const ok =
    v['format'] === 1 &&
    typeof v['toolchain'] === 'string' &&
    TOOLCHAINS.includes(v['toolchain']) &&
    typeof v['compiler'] === 'string' &&
    typeof sources === 'object' &&
    sources !== null &&
    isHash(sources['sha256']) &&
    Array.isArray(sources['files']) &&
    sources['files'].every((f) => typeof f === 'string') &&
    typeof wasm === 'object' &&
    wasm !== null &&
    isHash(wasm['sha256']) &&
    typeof wasm['bytes'] === 'number';
  return ok ? (value as BuildFingerprint) : undefined;
}

/** The plugin's fingerprint; `undefined` when there is none, `'invalid'` when it cannot be read as one. */
export async function readFingerprint(pluginDir: string, file: string = FINGERPRINT_FILE): Promise<BuildFingerprint | 'invalid' | undefined> {
  let text: string;
  try {
    text = await readFile(join(pluginDir, file), 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    return 'invalid';
  }
  try {
    return asFingerprint(JSON.parse(text)) ?? 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Whether `<pluginDir>/plugin.wasm` (or another build, e.g. plugin.debug.wasm) was built from the sources now in `<pluginDir>/src`. */
export async function checkFreshness(pluginDir: string, toolchain: Toolchain, wasmFile = 'plugin.wasm'): Promise<Freshness> {
  const file = fingerprintFileFor(wasmFile);
  const fingerprint = await readFingerprint(pluginDir, file);
  if (fingerprint === undefined) return { fresh: false, reason: `no ${file}` };
  if (fingerprint === 'invalid') return { fresh: false, reason: `${file} is not a build fingerprint` };
  let wasm: Buffer;
  try {
    wasm = await readFile(join(pluginDir, wasmFile));
  } catch {
    return { fresh: false, reason: `no ${wasmFile}`, fingerprint };
  }
  if (fingerprint.toolchain !== toolchain) return { fresh: false, reason: `built with ${fingerprint.toolchain}, sources are ${toolchain}`, fingerprint };
  if (sha256(wasm) !== fingerprint.wasm.sha256) return { fresh: false, reason: `${wasmFile} is not the one ${file} records`, fingerprint };
  if ((await hashSources(join(pluginDir, 'src'))).sha256 !== fingerprint.sources.sha256) {
    return { fresh: false, reason: `sources changed since ${file}`, fingerprint };
  }
  return { fresh: true, fingerprint };
}

/** Fingerprints a build that just wrote `wasm` to `<pluginDir>/plugin.wasm`. */
export async function makeFingerprint(pluginDir: string, toolchain: Toolchain, compiler: string, wasm: Uint8Array): Promise<BuildFingerprint> {
  // Hashed after the build: cargo writes a Cargo.lock into a crate that had none.
  const sources = await hashSources(join(pluginDir, 'src'));
  return { format: 1, toolchain, compiler, sources: { sha256: sources.sha256, files: [...sources.files] }, wasm: { sha256: sha256(wasm), bytes: wasm.byteLength } };
}

export async function writeFingerprint(pluginDir: string, fingerprint: BuildFingerprint, file: string = FINGERPRINT_FILE): Promise<void> {
  const path = join(pluginDir, file);
  const tmpPath = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(tmpPath, `${JSON.stringify(fingerprint, null, 2)}\n`);
    await rename(tmpPath, path);
  } finally {
    await unlink(tmpPath).catch(() => undefined);
  }
}
