import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import JSZip from 'jszip';
import { KegcheckError } from '../kegcheck-error.js';
import { FINGERPRINT_FILE, fingerprintFileFor } from './build-fingerprint.js';
import { listPackEntries } from './_internals/list-pack-entries.js';
import { readKegToml } from './_internals/read-keg-toml.js';

export interface PackOptions {
  /** Keep `plugins/<name>/src/` in the archive (also set by `include_sources = true` in keg.toml). */
  readonly includeSources?: boolean;
  /** Where to write the archive; default `<keg>/dist`. */
  readonly outDir?: string;
}

export interface PackResult {
  /** Absolute path of the written `<name>-<version>.keg`. */
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Zip entry names in archive order (folders end with `/`). */
  readonly entries: readonly string[];
  readonly includedSources: boolean;
}

// DOS timestamps cannot go below 1980; one fixed instant makes the bytes repeatable.
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

/**
 * Packs a keg folder into `<outDir>/<name>-<version>.keg`: a zip whose root is
 * the keg root, without `dist/` and (unless asked) plugin `src/` folders and
 * their build fingerprints (`plugin.build.json`).
 * Deterministic: sorted entries, fixed timestamps and permissions, fixed
 * compression level, so the same folder always gives the same bytes.
 */
export async function packKeg(kegDir: string, options: PackOptions = {}): Promise<PackResult> {
  const root = resolve(kegDir);
  const info = await readKegToml(root);
  const includedSources = options.includeSources === true || info.includeSources;
  const outDir = resolve(options.outDir ?? join(root, 'dist'));

  for (const plugin of info.plugins) {
    if (!existsSync(join(plugin.dir, 'plugin.wasm'))) {
      throw new KegcheckError('pack-missing-wasm', `plugin '${plugin.name}' has no ${plugin.relDir}/plugin.wasm; run \`kegcheck build\` first`, {
        location: { file: info.file },
      });
    }
  }
  const excluded = new Set([join(root, 'dist'), outDir]);
  const srcDirs = info.plugins.map((p) => join(p.dir, 'src'));
  if (!includedSources) for (const dir of srcDirs) excluded.add(dir);
  // The build fingerprint travels with the sources it describes: with them, a receiver can check
  // that plugin.wasm was built from them (and `kegcheck build` skips the rebuild); without them it
  // names files that are not in the archive, and a host never reads it.
  const fingerprints = new Set(includedSources ? [] : info.plugins.flatMap((p) => [FINGERPRINT_FILE, fingerprintFileFor('plugin.debug.wasm')].map((f) => join(p.dir, f))));
  const entries = (
    await listPackEntries(root, (absPath, name) => {
      if (excluded.has(absPath) || name === '.git') return true;
      // Build output inside shipped sources (cargo's target/) is not source; a static/target/ folder is content.
      return name === 'target' && srcDirs.some((dir) => absPath.startsWith(`${dir}${sep}`));
    })
  ).filter((entry) => !fingerprints.has(entry.absPath));

  const zip = new JSZip();
  for (const entry of entries) {
    const common = { date: FIXED_DATE, createFolders: false, unixPermissions: entry.dir ? DIR_MODE : FILE_MODE };
    if (entry.dir) zip.file(entry.name, null, { ...common, dir: true });
    else zip.file(entry.name, await readFile(entry.absPath), { ...common, binary: true });
  }
  const data = await zip.generateAsync({
    type: 'nodebuffer',
    platform: 'UNIX',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });

  const path = join(outDir, `${info.name}-${info.version}.keg`);
  // Renamed into place so a reader never sees a half-written archive.
  const tmpPath = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(outDir, { recursive: true });
    await writeFile(tmpPath, data);
    await rename(tmpPath, path);
  } catch (error) {
    throw new KegcheckError('pack-write-failed', `cannot write ${path}: ${(error as Error).message}`, { location: { file: outDir }, cause: error });
  } finally {
    await unlink(tmpPath).catch(() => undefined);
  }
  return {
    path,
    name: info.name,
    version: info.version,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.byteLength,
    entries: entries.map((e) => e.name),
    includedSources,
  };
}
