import { closeSync, mkdirSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { writeReportFileWith } from './write-report-file.js';

/**
 * The middle of a report written as results stream in, in a temporary file
 * in the output folder. On POSIX the file is unlinked as soon as it is open:
 * it lives on through its descriptor and vanishes with the process, however
 * the process ends (even killed), so it can never be left behind. Where a
 * file cannot be unlinked while open (Windows) it is removed by `discard`.
 * Writes are synchronous: results arrive in order from a synchronous hook.
 */
export class SpoolFile {
  #fd: number | undefined;
  #path: string | undefined;
  #size = 0;

  private constructor(fd: number, path: string | undefined) {
    this.#fd = fd;
    this.#path = path;
  }

  /** Opens an empty spool in `outDir` (created when missing) for the report file `fileName`. */
  static open(outDir: string, fileName: string): SpoolFile {
    const root = resolve(outDir);
    try {
      mkdirSync(root, { recursive: true });
    } catch (cause) {
      throw new KegcheckError('report-out-dir', `cannot create the report folder ${root}: ${(cause as Error).message}`, { cause });
    }
    const path = join(root, `.${fileName}.${process.pid}.${Date.now()}.part`);
    let fd: number;
    try {
      fd = openSync(path, 'wx+');
    } catch (cause) {
      throw new KegcheckError('report-write', `cannot write ${join(root, fileName)}: ${(cause as Error).message}`, { cause });
    }
    try {
      unlinkSync(path);
      return new SpoolFile(fd, undefined);
    } catch {
      return new SpoolFile(fd, path);
    }
  }

  /** Bytes written so far. */
  get size(): number {
    return this.#size;
  }

  append(text: string): void {
    if (this.#fd === undefined) throw new Error('internal error: spool file already closed');
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done, this.#size + done);
    this.#size += bytes.length;
  }

  /** Copies everything written to the open descriptor `to`, in chunks. */
  copyTo(to: number): void {
    if (this.#fd === undefined) throw new Error('internal error: spool file already closed');
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; at < this.#size; ) {
      const read = readSync(this.#fd, chunk, 0, Math.min(chunk.length, this.#size - at), at);
      if (read === 0) throw new Error(`internal error: spool file ended at ${at} of ${this.#size} bytes`);
      let written = 0;
      while (written < read) written += writeSync(to, chunk, written, read - written);
      at += read;
    }
  }

  /** Closes and removes the spool; safe to call twice, never throws. */
  discard(): void {
    if (this.#fd !== undefined) {
      try {
        closeSync(this.#fd);
      } catch {
        // Already gone: nothing to release.
      }
    }
    this.#fd = undefined;
    if (this.#path !== undefined) rmSync(this.#path, { force: true });
    this.#path = undefined;
  }
}

/** Writes `head`, the spool's contents and `tail` as the report file `fileName` in `outDir` (atomically, see writeReportFile). */
export async function writeSpooledReport(outDir: string, fileName: string, head: string, spool: SpoolFile, tail: string): Promise<string> {
  return writeReportFileWith(outDir, fileName, async (temp) => {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, head);
      spool.copyTo(fd);
      writeSync(fd, tail);
    } finally {
      closeSync(fd);
    }
  });
}
