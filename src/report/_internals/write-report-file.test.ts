import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKegcheckError } from '../../kegcheck-error.js';
import { writeReportFile } from './write-report-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isKegcheckError(error) ? error.code : 'not-a-kegcheck-error';
  }
}

describe('writeReportFile', () => {
  it('creates the output folder and writes the file whole', async () => {
    const path = await writeReportFile(join(dir, 'a', 'b'), 'r.json', '{}\n');
    expect(path).toBe(join(dir, 'a', 'b', 'r.json'));
    expect(await readFile(path, 'utf8')).toBe('{}\n');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['r.json']);
  });

  it('never writes outside the output folder', async () => {
    expect(await codeOf(writeReportFile(dir, '../escape.json', 'x'))).toBe('report-path-outside-out-dir');
    expect(await codeOf(writeReportFile(dir, '/tmp/abs.json', 'x'))).toBe('report-path-outside-out-dir');
    expect(await readdir(join(dir, '..'))).not.toContain('escape.json');
  });

  it('explains an output folder that is a file, and a target that is a folder, leaving no temp file', async () => {
    await writeFile(join(dir, 'file'), 'not a folder');
    expect(await codeOf(writeReportFile(join(dir, 'file'), 'r.json', 'x'))).toBe('report-out-dir');
    await mkdir(join(dir, 'out', 'r.json'), { recursive: true });
    expect(await codeOf(writeReportFile(join(dir, 'out'), 'r.json', 'x'))).toBe('report-write');
    expect(await readdir(join(dir, 'out'))).toEqual(['r.json']);
  });
});
