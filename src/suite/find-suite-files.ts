import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KegcheckError } from '../kegcheck-error.js';

const SUITE_SUFFIX = '.suite.toml';

/**
 * The suite files a `kegcheck run` argument names: the file itself, or every
 * `*.suite.toml` under a folder (sorted; node_modules and dot-folders skipped).
 * Throws KegcheckError `suite-not-found` when there is none.
 */
export async function findSuiteFiles(path: string, cwd = process.cwd()): Promise<string[]> {
  const absolute = resolve(cwd, path);
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new KegcheckError('suite-not-found', `no suite file or folder at ${absolute}`, { location: { file: path } });
  }
  if (info.isFile()) return [absolute];
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isFile() && entry.name.endsWith(SUITE_SUFFIX)) found.push(full);
      else if (entry.isDirectory() && depth < 4) await walk(full, depth + 1);
    }
  };
  await walk(absolute, 0);
  if (found.length === 0) throw new KegcheckError('suite-not-found', `no *${SUITE_SUFFIX} files in ${absolute}`, { location: { file: path } });
  return found.sort();
}
