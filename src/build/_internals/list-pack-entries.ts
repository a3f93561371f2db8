import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';

export interface PackEntry {
  /** Zip path, `/`-separated, relative to the keg root; folders end with `/`. */
  readonly name: string;
  readonly absPath: string;
  readonly dir: boolean;
}

/** True for a folder to leave out with everything below it. */
export type SkipDir = (absPath: string, name: string) => boolean;

/**
 * Every file and folder of the keg that goes into the archive, sorted by zip
 * path so the archive's order never depends on the file system's.
 */
export async function listPackEntries(kegDir: string, skipDir: SkipDir): Promise<PackEntry[]> {
  const entries: PackEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absPath = join(dir, entry.name);
      const name = relative(kegDir, absPath).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        // Following it could pack files from outside the keg; dropping it would ship a keg that differs from the folder.
        throw new KegcheckError('pack-symlink', `symbolic links cannot be packed: ${name}`, { location: { file: absPath } });
      }
      if (entry.isDirectory()) {
        if (skipDir(absPath, entry.name)) continue;
        entries.push({ name: `${name}/`, absPath, dir: true });
        await walk(absPath);
      } else if (entry.isFile()) {
        entries.push({ name, absPath, dir: false });
      } else {
        throw new KegcheckError('pack-special-file', `only regular files and folders can be packed: ${name}`, { location: { file: absPath } });
      }
    }
  };
  if (!(await lstat(kegDir)).isDirectory()) {
    throw new KegcheckError('keg-not-found', `not a keg folder: ${kegDir}`, { location: { file: kegDir } });
  }
  await walk(kegDir);
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
