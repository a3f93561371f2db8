import { describe, expect, it } from 'vitest';
import { KegcheckError } from '../../kegcheck-error.js';
import { DEFAULT_ZIP_LIMITS } from '../zip-limits.js';
import { editCentralRecord, makeZip, renameEntry } from './make-test-zip.js';
import { looksLikeZip, readZipDirectory, readZipEntry } from './zip-directory.js';

function refusal(fn: () => unknown): KegcheckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KegcheckError) return error;
    throw error;
  }
  throw new Error('expected a KegcheckError, nothing was thrown');
}

const read = (bytes: Buffer, limits = DEFAULT_ZIP_LIMITS) => readZipDirectory(bytes, 'x.keg', limits);

describe('readZipDirectory', () => {
  it('lists entries with names, sizes and kinds', async () => {
    const bytes = await makeZip([{ name: 'keg.toml', data: 'a = 1\n' }, { name: 'plugins/', dir: true }, { name: 'plugins/p/plugin.wasm', data: new Uint8Array(100) }]);
    expect(looksLikeZip(bytes)).toBe(true);
    const entries = read(bytes);
    expect(entries.map((e) => [e.name, e.isDirectory, e.uncompressedSize])).toEqual([
      ['keg.toml', false, 6],
      ['plugins/', true, 0],
      ['plugins/p/plugin.wasm', false, 100],
    ]);
    expect(readZipEntry(bytes, entries[0]!, 'x.keg').toString()).toBe('a = 1\n');
    expect(readZipEntry(bytes, entries[2]!, 'x.keg')).toEqual(Buffer.alloc(100));
    expect(entries[0]!.modified.getFullYear()).toBeGreaterThanOrEqual(2025);
  });

  it('reads stored (uncompressed) entries', async () => {
    const bytes = await makeZip([{ name: 'a.txt', data: 'stored text' }], { store: true });
    const [entry] = read(bytes);
    expect(entry?.method).toBe(0);
    expect(readZipEntry(bytes, entry!, 'x.keg').toString()).toBe('stored text');
  });

  it.each([
    ['../evil.txt', "'..' segment"],
    ['a/../../b.txt', "'..' segment"],
    ['/etc/passw', 'absolute path'],
    ['a\\b\\c.txt', 'backslash'],
    ['C:/win.txt', 'drive letter'],
    ['a//b.txt', "empty or '.' path segment"],
    ['./a/b.txt', "empty or '.' path segment"],
    [`${'d/'.repeat(520)}f`, 'longer than 1024 bytes'],
    [`a/${'x'.repeat(256)}`, 'segment over 255 bytes'],
  ])('refuses the entry name %j (%s)', async (name, reason) => {
    const placeholder = 'p'.repeat(Buffer.byteLength(name));
    const bytes = renameEntry(await makeZip([{ name: 'keg.toml', data: 'x' }, { name: placeholder, data: 'evil' }]), placeholder, name);
    const error = refusal(() => read(bytes));
    expect(error.code).toBe('zip-unsafe-entry');
    expect(error.message).toContain(JSON.stringify(name));
    expect(error.message).toContain(reason);
    expect(error.location).toEqual({ file: 'x.keg' });
  });

  it('refuses symlink and special-file entries from unix archives', async () => {
    const link = await makeZip([{ name: 'keg.toml', data: 'x' }, { name: 'static/passwd', data: '/etc/passwd', unixPermissions: 0o120777 }]);
    expect(refusal(() => read(link))).toMatchObject({ code: 'zip-unsafe-entry', message: expect.stringContaining('symbolic link') });
    const fifo = await makeZip([{ name: 'keg.toml', data: 'x' }, { name: 'fifo', data: '', unixPermissions: 0o010644 }]);
    expect(refusal(() => read(fifo))).toMatchObject({ code: 'zip-unsafe-entry', message: expect.stringContaining('special file') });
    const regular = await makeZip([{ name: 'keg.toml', data: 'x', unixPermissions: 0o100644 }]);
    expect(read(regular)).toHaveLength(1);
  });

  it('refuses duplicate names and files that are also parent folders', async () => {
    const dup = renameEntry(await makeZip([{ name: 'keg.toml', data: 'a' }, { name: 'keg.tomX', data: 'b' }]), 'keg.tomX', 'keg.toml');
    expect(refusal(() => read(dup))).toMatchObject({ code: 'zip-unsafe-entry', message: expect.stringContaining('same path') });
    const parent = await makeZip([{ name: 'a', data: 'file' }, { name: 'a/b', data: 'child' }]);
    expect(refusal(() => read(parent))).toMatchObject({ code: 'zip-unsafe-entry', message: expect.stringContaining('parent "a" is a file') });
  });

  it('enforces the entry limit from the end record before reading entries', async () => {
    const bytes = await makeZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' })));
    expect(read(bytes, { ...DEFAULT_ZIP_LIMITS, maxEntries: 11 })).toHaveLength(11);
    expect(refusal(() => read(bytes, { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 }))).toMatchObject({
      code: 'zip-too-many-entries',
      message: expect.stringContaining('11 entries'),
    });
  });

  it('enforces the declared uncompressed size limit', async () => {
    const bytes = await makeZip([{ name: 'a.bin', data: new Uint8Array(600) }, { name: 'b.bin', data: new Uint8Array(500) }]);
    expect(read(bytes, { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 1100 })).toHaveLength(2);
    expect(refusal(() => read(bytes, { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: 1099 }))).toMatchObject({ code: 'zip-too-large' });
  });

  it('stops decompressing at the declared size when a header understates it', async () => {
    const honest = await makeZip([{ name: 'zeros.bin', data: new Uint8Array(1 << 20) }]);
    const lying = editCentralRecord(honest, 'zeros.bin', (b, p) => b.writeUInt32LE(10, p + 24));
    const [entry] = read(lying);
    expect(entry?.uncompressedSize).toBe(10);
    expect(refusal(() => readZipEntry(lying, entry!, 'x.keg'))).toMatchObject({ code: 'zip-size-mismatch' });
    const overstated = editCentralRecord(honest, 'zeros.bin', (b, p) => b.writeUInt32LE((1 << 20) + 5, p + 24));
    expect(refusal(() => readZipEntry(overstated, read(overstated)[0]!, 'x.keg'))).toMatchObject({
      code: 'zip-size-mismatch',
      message: expect.stringContaining('header declares'),
    });
  });

  it('detects corrupt data, CRC mismatches and truncation', async () => {
    const bytes = await makeZip([{ name: 'a.txt', data: 'hello hello hello' }]);
    const badCrc = editCentralRecord(bytes, 'a.txt', (b, p) => b.writeUInt32LE((b.readUInt32LE(p + 16) ^ 1) >>> 0, p + 16));
    expect(refusal(() => readZipEntry(badCrc, read(badCrc)[0]!, 'x.keg'))).toMatchObject({ code: 'zip-corrupt', message: expect.stringContaining('CRC') });
    const badOffset = editCentralRecord(bytes, 'a.txt', (b, p) => b.writeUInt32LE(3, p + 42));
    expect(refusal(() => readZipEntry(badOffset, read(badOffset)[0]!, 'x.keg'))).toMatchObject({ code: 'zip-corrupt' });
    const garbage = Buffer.from(bytes);
    const [entry] = read(bytes);
    const dataStart = 30 + garbage.readUInt16LE(26) + garbage.readUInt16LE(28);
    garbage.fill(0xff, dataStart, dataStart + entry!.compressedSize);
    expect(refusal(() => readZipEntry(garbage, entry!, 'x.keg'))).toMatchObject({ code: 'zip-corrupt', message: expect.stringContaining('does not decompress') });
    const cdStart = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const truncated = Buffer.concat([bytes.subarray(0, cdStart + 20), bytes.subarray(bytes.length - 22)]);
    truncated.writeUInt32LE(cdStart, truncated.length - 6);
    expect(refusal(() => read(truncated)).code).toBe('zip-corrupt');
  });

  it('refuses encryption, unknown methods, zip64 and multi-volume archives', async () => {
    const bytes = await makeZip([{ name: 'a.txt', data: 'x' }]);
    const encrypted = editCentralRecord(bytes, 'a.txt', (b, p) => b.writeUInt16LE(1, p + 8));
    expect(refusal(() => read(encrypted))).toMatchObject({ code: 'zip-unsupported', message: expect.stringContaining('encrypted') });
    const bzip2 = editCentralRecord(bytes, 'a.txt', (b, p) => b.writeUInt16LE(12, p + 10));
    expect(refusal(() => read(bzip2))).toMatchObject({ code: 'zip-unsupported', message: expect.stringContaining('method 12') });
    const zip64 = editCentralRecord(bytes, 'a.txt', (b, p) => b.writeUInt32LE(0xffffffff, p + 24));
    expect(refusal(() => read(zip64))).toMatchObject({ code: 'zip-unsupported', message: expect.stringContaining('zip64') });
    const multi = Buffer.from(bytes);
    multi.writeUInt16LE(1, multi.length - 22 + 4);
    expect(refusal(() => read(multi))).toMatchObject({ code: 'zip-unsupported', message: expect.stringContaining('multi-volume') });
  });

  it('says "not a zip" for bytes without an end record', () => {
    expect(looksLikeZip(Buffer.from('hello world'))).toBe(false);
    expect(refusal(() => read(Buffer.from('PK\x03\x04 but nothing else, long enough to scan')))).toMatchObject({ code: 'keg-not-zip' });
  });

  it('refuses names that are not UTF-8', async () => {
    const raw = Buffer.from(await makeZip([{ name: 'ab.txt', data: 'x' }]));
    for (let i = raw.indexOf('ab.txt'); i >= 0; i = raw.indexOf('ab.txt', i + 1)) raw[i + 1] = 0xff;
    expect(refusal(() => read(raw))).toMatchObject({ code: 'zip-unsafe-entry', message: expect.stringContaining('not valid UTF-8') });
  });
});
