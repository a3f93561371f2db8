import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Cargo's output folder holds thousands of files that are not sources.
const SKIPPED = new Set(['target', 'node_modules', '.git']);

/** Newest modification time of any file under `dir`, ignoring build output folders. */
export async function newestSourceMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) newest = Math.max(newest, await newestSourceMtime(full));
    } else if (entry.isFile()) {
      newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  }
  return newest;
}
