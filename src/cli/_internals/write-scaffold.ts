import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { writeNewFile } from './write-new-file.js';

/**
 * Writes scaffolded files under `dir`. Without `force`, a folder that exists
 * and is not empty is refused (`init-exists`) before anything is written, and
 * no file is ever replaced.
 */
export async function writeScaffold(dir: string, files: Readonly<Record<string, string>>, force: boolean): Promise<string[]> {
  if (!force) {
    let entries: string[] = [];
    try {
      entries = await readdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new KegcheckError('init-exists', `${dir} is a file`, { location: { file: dir } });
      if (code !== 'ENOENT') throw new KegcheckError('init-write', `cannot read ${dir}: ${code ?? String(error)}`, { location: { file: dir }, cause: error });
    }
    if (entries.length > 0) throw new KegcheckError('init-exists', `${dir} exists and is not empty; pass --force to write into it`, { location: { file: dir } });
  }
  const written: string[] = [];
  for (const [relative, text] of Object.entries(files)) {
    const path = join(dir, relative);
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      throw new KegcheckError('init-write', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { location: { file: path }, cause: error });
    }
    await writeNewFile(path, text, force, 'init');
    written.push(path);
  }
  return written;
}
