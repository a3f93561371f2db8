import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import JSZip from 'jszip';

// Test support: real zip archives made by JSZip, with the raw-byte edits
// needed for entries JSZip would not write (it normalises some names).

export interface TestZipEntry {
  readonly name: string;
  readonly data?: string | Uint8Array;
  readonly unixPermissions?: number;
  readonly dir?: boolean;
}

export async function makeZip(entries: readonly TestZipEntry[], options: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date(Date.UTC(2026, 0, 1));
  for (const e of entries) {
    const opts = { date, createFolders: false, ...(e.unixPermissions === undefined ? {} : { unixPermissions: e.unixPermissions }) };
    if (e.dir === true) zip.file(e.name, null, { ...opts, dir: true });
    else zip.file(e.name, e.data ?? '', opts);
  }
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: options.store === true ? 'STORE' : 'DEFLATE',
    platform: entries.some((e) => e.unixPermissions !== undefined) ? 'UNIX' : 'DOS',
  });
}

/** Zips a folder's contents (root of the zip = the folder), as `kegcheck pack` would. */
export async function zipFolder(dir: string, prefix = ''): Promise<Buffer> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const entries: TestZipEntry[] = [];
  for (const f of files) {
    const path = join(f.parentPath, f.name);
    entries.push({ name: prefix + relative(dir, path).split(sep).join('/'), data: await readFile(path) });
  }
  return makeZip(entries);
}

/** Replaces a same-length name in every header that carries it. */
export function renameEntry(bytes: Buffer, placeholder: string, name: string): Buffer {
  const from = Buffer.from(placeholder);
  const to = Buffer.from(name);
  if (from.length !== to.length) throw new Error('renameEntry: names must have the same byte length');
  const out = Buffer.from(bytes);
  for (let i = out.indexOf(from); i >= 0; i = out.indexOf(from, i + 1)) to.copy(out, i);
  return out;
}

/** Applies `edit(offset)` to the central directory record of an entry. */
export function editCentralRecord(bytes: Buffer, name: string, edit: (buf: Buffer, offset: number) => void): Buffer {
  const out = Buffer.from(bytes);
  const target = Buffer.from(name);
  for (let p = 0; p + 46 <= out.length; p++) {
    if (out.readUInt32LE(p) === 0x02014b50 && out.subarray(p + 46, p + 46 + target.length).equals(target) && out.readUInt16LE(p + 28) === target.length) {
      edit(out, p);
      return out;
    }
  }
  throw new Error(`no central record for ${name}`);
}
