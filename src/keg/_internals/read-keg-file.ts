import { readFile, stat } from 'node:fs/promises';

/** Most bytes read from a TOML or JSON file of a keg. */
export const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;
/** Most bytes read from a plugin's wasm. */
export const MAX_WASM_BYTES = 256 * 1024 * 1024;

export type KegFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly reason: 'missing' | 'not-a-file' | 'too-large'; readonly size?: number };

/**
 * Reads a file of a keg only when it is a regular file of bounded size: a
 * hostile folder keg may name a FIFO (opening it would block forever),
 * /dev/zero (reading it never ends) or a huge file instead.
 */
export async function readKegFile(path: string, maxBytes: number): Promise<KegFileRead> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
  if (info.size > maxBytes) return { ok: false, reason: 'too-large', size: info.size };
  const bytes = await readFile(path);
  // The file may have grown since stat.
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', size: bytes.length };
  return { ok: true, bytes };
}

export function describeUnreadable(read: Exclude<KegFileRead, { ok: true }>, maxBytes: number): string {
  switch (read.reason) {
    case 'missing':
      return 'it does not exist';
    case 'not-a-file':
      return 'it is not a regular file';
    case 'too-large':
      return `it is ${read.size ?? 'more than'} bytes, more than the ${maxBytes} bytes allowed`;
  }
}
