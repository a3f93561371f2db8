import { crc32, inflateRawSync } from 'node:zlib';
import { KegcheckError } from '../../kegcheck-error.js';
import type { ZipLimits } from '../zip-limits.js';

// A hand-written central-directory reader rather than JSZip's loadAsync:
// JSZip sanitises names and merges duplicate entries before a caller can see
// them, and reads sizes only into private fields, which hides exactly what a
// hardened loader must inspect.

export interface ZipEntry {
  /** The name exactly as stored (UTF-8 decoded). */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
  readonly modified: Date;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Whether the bytes start like a zip (local header or an empty archive's end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/**
 * Reads and checks the central directory of a zip held in memory: entry
 * count, names (absolute, '..', backslash, drive letter, duplicates), symlink
 * and special-file entries, declared sizes, methods. Throws KegcheckError on
 * the first kind of problem, naming the offending entries.
 */
export function readZipDirectory(bytes: Buffer, file: string, limits: ZipLimits): ZipEntry[] {
  const eocd = findEndRecord(bytes);
  if (eocd < 0) throw new KegcheckError('keg-not-zip', 'not a zip archive (no end-of-central-directory record); a .keg must be a zip of the keg folder\'s contents', { location: { file } });
  const diskNumber = bytes.readUInt16LE(eocd + 4);
  const cdDisk = bytes.readUInt16LE(eocd + 6);
  const total = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (diskNumber !== 0 || cdDisk !== 0) throw unsupported(file, 'multi-volume zip archives are not supported');
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw unsupported(file, 'zip64 archives are not supported (a keg is far below 4 GiB)');
  if (total > limits.maxEntries) {
    throw new KegcheckError('zip-too-many-entries', `the archive has ${total} entries, more than the limit of ${limits.maxEntries}`, { location: { file } });
  }
  if (cdOffset + cdSize > eocd) throw corrupt(file, 'central directory lies outside the archive');

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let p = cdOffset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > eocd || bytes.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw corrupt(file, `central directory entry ${i + 1} is malformed`);
    const madeBy = bytes.readUInt16LE(p + 4);
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const dosTime = bytes.readUInt16LE(p + 12);
    const dosDate = bytes.readUInt16LE(p + 14);
    const crc = bytes.readUInt32LE(p + 16);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const uncompressedSize = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const externalAttributes = bytes.readUInt32LE(p + 38);
    const localHeaderOffset = bytes.readUInt32LE(p + 42);
    if (p + 46 + nameLength > eocd) throw corrupt(file, `central directory entry ${i + 1} is truncated`);
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw unsafe(file, [`entry ${i + 1}`], 'its name is not valid UTF-8');
    }
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      throw unsupported(file, `entry "${name}" uses zip64 sizes`);
    }
    if ((flags & 0x1) !== 0) throw unsupported(file, `entry "${name}" is encrypted`);
    const reason = nameProblem(name);
    if (reason !== undefined) throw unsafe(file, [name], reason);
    const mode = (externalAttributes >>> 16) & S_IFMT;
    if (madeBy >> 8 === UNIX_HOST && mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
      throw unsafe(file, [name], mode === S_IFLNK ? 'it is a symbolic link' : 'it is a special file (device, FIFO or socket)');
    }
    const isDirectory = name.endsWith('/');
    if (!isDirectory && method !== 0 && method !== 8) throw unsupported(file, `entry "${name}" uses compression method ${method} (only stored and deflate are supported)`);
    entries.push({ name, isDirectory, method, compressedSize, uncompressedSize, crc32: crc, localHeaderOffset, modified: dosDateTime(dosDate, dosTime) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  checkCollisions(entries, file);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) {
    throw new KegcheckError(
      'zip-too-large',
      `the archive declares ${declared} bytes uncompressed, more than the limit of ${limits.maxUncompressedBytes} bytes (zip bomb?)`,
      { location: { file } },
    );
  }
  return entries;
}

/**
 * Decompresses one entry, refusing to produce more than its declared size
 * (a lying header is how a small zip hides a huge expansion) and checking its CRC.
 */
export function readZipEntry(bytes: Buffer, entry: ZipEntry, file: string): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== LOCAL_SIGNATURE) throw corrupt(file, `local header of "${entry.name}" is missing`);
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(file, `data of "${entry.name}" runs past the end of the archive`);
  const raw = bytes.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) {
    data = raw;
  } else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch (error) {
      if (error instanceof RangeError) {
        throw new KegcheckError(
          'zip-size-mismatch',
          `entry "${entry.name}" expands beyond the ${entry.uncompressedSize} bytes its header declares (zip bomb?); extraction stopped`,
          { location: { file }, cause: error },
        );
      }
      throw corrupt(file, `entry "${entry.name}" does not decompress: ${(error as Error).message}`);
    }
  }
  if (data.length !== entry.uncompressedSize) {
    throw new KegcheckError('zip-size-mismatch', `entry "${entry.name}" is ${data.length} bytes, its header declares ${entry.uncompressedSize}`, { location: { file } });
  }
  if (crc32(data) !== entry.crc32) throw corrupt(file, `entry "${entry.name}" fails its CRC-32 check`);
  return data;
}

function nameProblem(name: string): string | undefined {
  if (name === '') return 'its name is empty';
  if (name.includes('\0')) return 'its name contains a NUL byte';
  if (name.includes('\\')) return 'its name contains a backslash';
  if (name.startsWith('/')) return 'it has an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'it has a drive letter';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return "it has a '..' segment (zip slip)";
  if (segments.some((s) => s === '' || s === '.')) return "it has an empty or '.' path segment";
  // Longer names fail on common file systems; refusing them up front keeps
  // extraction from failing half-way.
  if (Buffer.byteLength(name) > 1024 || segments.some((s) => Buffer.byteLength(s) > 255)) return 'its path is longer than 1024 bytes or has a segment over 255 bytes';
  return undefined;
}

// Duplicates and a file that is also a parent folder would make extraction
// order decide the result; refuse both.
function checkCollisions(entries: readonly ZipEntry[], file: string): void {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const entry of entries) {
    const path = entry.isDirectory ? entry.name.slice(0, -1) : entry.name;
    if (files.has(path) || (!entry.isDirectory && dirs.has(path))) throw unsafe(file, [entry.name], 'another entry has the same path');
    if (entry.isDirectory) dirs.add(path);
    else files.add(path);
  }
  for (const path of [...files, ...dirs]) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (files.has(parent)) throw unsafe(file, [path], `its parent "${parent}" is a file`);
    }
  }
}

function findEndRecord(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= lowest; p--) {
    if (bytes.readUInt32LE(p) === EOCD_SIGNATURE && p + 22 + bytes.readUInt16LE(p + 20) <= bytes.length) return p;
  }
  return -1;
}

function dosDateTime(date: number, time: number): Date {
  return new Date(1980 + (date >> 9), ((date >> 5) & 0xf) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2);
}

function unsafe(file: string, names: readonly string[], reason: string): KegcheckError {
  return new KegcheckError('zip-unsafe-entry', `refusing entry ${names.map((n) => JSON.stringify(n)).join(', ')}: ${reason}; nothing was extracted`, {
    location: { file },
  });
}

function unsupported(file: string, message: string): KegcheckError {
  return new KegcheckError('zip-unsupported', message, { location: { file } });
}

function corrupt(file: string, message: string): KegcheckError {
  return new KegcheckError('zip-corrupt', `corrupt zip: ${message}`, { location: { file } });
}
