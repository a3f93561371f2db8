import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';

// Writes one report file inside `outDir`, atomically: a reader (a CI upload
// step, a browser) never sees half a report, and a failed write leaves no
// temporary file behind.
export async function writeReportFile(outDir: string, fileName: string, contents: string): Promise<string> {
  return writeReportFileWith(outDir, fileName, async (temp) => writeFile(temp, contents, 'utf8'));
}

// The same, with `write` filling the temporary file (a report assembled from
// parts that are not all in memory).
export async function writeReportFileWith(outDir: string, fileName: string, write: (temp: string) => Promise<void>): Promise<string> {
  const root = resolve(outDir);
  const target = resolve(root, fileName);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new KegcheckError('report-path-outside-out-dir', `report file '${fileName}' would be written outside ${root}`);
  }
  try {
    await mkdir(root, { recursive: true });
  } catch (cause) {
    throw new KegcheckError('report-out-dir', `cannot create the report folder ${root}: ${(cause as Error).message}`, { cause });
  }
  const temp = join(root, `.${rel}.${process.pid}.${Date.now()}.tmp`);
  try {
    await write(temp);
    await rename(temp, target);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new KegcheckError('report-write', `cannot write ${target}: ${(cause as Error).message}`, { cause });
  }
  return target;
}
