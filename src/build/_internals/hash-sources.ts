import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Build output and tool state inside a source folder, never sources.
const SKIPPED_DIRS = new Set(['target', 'node_modules', '.git']);

export interface SourceHash {
  /** sha256 (hex) over every file's relative path and contents, in sorted path order. */
  readonly sha256: string;
  /** The hashed files, `/`-separated, relative to the hashed folder, sorted. */
  readonly files: readonly string[];
}

async function listFiles(root: string, rel: string, out: string[], seen: Set<string>): Promise<void> {
  // A linked folder is followed once: a link back up the tree must not recurse forever.
  const real = await realpath(join(root, rel));
  if (seen.has(real)) return;
  seen.add(real);
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(join(root, relPath)).catch(() => undefined);
      isDir = target?.isDirectory() === true;
      isFile = target?.isFile() === true;
    }
    if (isDir) {
      if (!SKIPPED_DIRS.has(entry.name)) await listFiles(root, relPath, out, seen);
    } else if (isFile && !entry.name.endsWith('.tmp')) {
      out.push(relPath);
    }
  }
}

/**
 * Hashes a plugin's sources by content, never by modification time: a fresh
 * clone has arbitrary mtimes, and a touched but unchanged file is no change.
 * Each file contributes its path, its length and its bytes, so moving bytes
 * between files or renaming a file changes the hash.
 */
export async function hashSources(dir: string): Promise<SourceHash> {
  const files: string[] = [];
  await listFiles(dir, '', files, new Set());
  // Code-unit order, not locale order: the same on every machine.
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = await readFile(join(dir, ...file.split('/')));
    hash.update(`${file}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return { sha256: hash.digest('hex'), files };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
