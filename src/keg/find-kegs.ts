import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', 'target', '.git']);

/**
 * Every keg under `root`: folders holding keg.toml (not searched further, so
 * a keg's own dist/*.keg is not listed twice) and `.keg` files. Sorted paths.
 * Folders that cannot be read are skipped.
 */
export async function findKegs(root: string, options: { maxDepth?: number } = {}): Promise<string[]> {
  const found: string[] = [];
  const maxDepth = options.maxDepth ?? 8;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'keg.toml')) {
      found.push(dir);
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('.keg')) found.push(join(dir, entry.name));
      else if (entry.isDirectory() && depth < maxDepth && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) {
        await walk(join(dir, entry.name), depth + 1);
      }
    }
  };
  await walk(root, 0);
  return found.sort();
}
