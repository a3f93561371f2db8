import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import type { ZipLimits } from '../zip-limits.js';
import { createTempDir, removeTempDir } from './temp-dir-registry.js';
import { looksLikeZip, readZipDirectory, readZipEntry } from './zip-directory.js';

/**
 * Checks a `.keg` completely in memory (entries, sizes, CRCs, keg.toml at the
 * root) and only then writes it into a fresh private temp dir, which it
 * returns. Nothing is written for a refused archive, and nothing beside it.
 */
export async function extractKegZip(file: string, displayName: string, limits: ZipLimits, tempRoot: string | undefined): Promise<string> {
  const size = (await stat(file)).size;
  // The archive is at most as big as its stored contents plus headers; a
  // bigger file cannot be a keg within the limits.
  const maxArchive = limits.maxUncompressedBytes + 64 * limits.maxEntries + 65_557;
  if (size > maxArchive) {
    throw new KegcheckError('zip-too-large', `the archive is ${size} bytes, more than a keg within the limits can be`, { location: { file: displayName } });
  }
  const bytes = await readFile(file);
  if (!looksLikeZip(bytes)) {
    throw new KegcheckError('keg-not-zip', 'not a zip archive (a .keg must be a zip of the keg folder\'s contents)', { location: { file: displayName } });
  }
  const entries = readZipDirectory(bytes, displayName, limits);

  const names = new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name));
  if (!names.has('keg.toml')) {
    const nested = [...names].filter((n) => /^[^/]+\/keg\.toml$/.test(n));
    if (nested.length === 1) {
      const folder = nested[0]!.slice(0, -'keg.toml'.length);
      throw new KegcheckError(
        'keg-nested',
        `keg.toml is inside the folder "${folder}" of the archive, one level too deep: the root of a .keg must be the root of the keg (zip the folder's contents, not the folder)`,
        { location: { file: displayName } },
      );
    }
    throw new KegcheckError('manifest-missing', 'the archive has no keg.toml at its root', { location: { file: displayName } });
  }

  // Each entry decompresses to exactly its declared size or is refused, and
  // the declared total is within the limit, so the actual total is too.
  const contents = entries.map((entry) => (entry.isDirectory ? undefined : readZipEntry(bytes, entry, displayName)));

  let dir: string;
  try {
    dir = await createTempDir(tempRoot);
  } catch (error) {
    throw new KegcheckError('temp-dir-unwritable', `cannot create a temp dir to extract into: ${(error as Error).message}`, { location: { file: displayName }, cause: error });
  }
  try {
    for (const [i, entry] of entries.entries()) {
      const target = resolve(dir, ...entry.name.split('/'));
      // Names were checked already; this guards the guard.
      if (target !== dir && !target.startsWith(dir + sep)) throw new Error(`entry escapes the extraction dir: ${entry.name}`);
      const data = contents[i];
      if (data === undefined) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data, { flag: 'wx', mode: 0o644 });
      // plugin.debug.wasm vs plugin.wasm is decided by modification time.
      await utimes(target, entry.modified, entry.modified);
    }
    return join(dir);
  } catch (error) {
    await removeTempDir(dir);
    throw new KegcheckError('keg-unreadable', `could not extract the archive: ${(error as Error).message}`, { location: { file: displayName }, cause: error });
  }
}
