import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../model/result.js';
import { kegcheckOnPath, kegcheckProgram, localPackageRoot, programFor } from './kegcheck-program.js';
import { replayCommand } from './replay-command.js';

describe('localPackageRoot', () => {
  it('finds the package folder in a node_modules of the working folder or an ancestor', () => {
    expect(localPackageRoot('/p/node_modules/kegcheck/dist/cli/bin.js', '/p')).toBe('/p/node_modules/kegcheck');
    expect(localPackageRoot('/p/node_modules/kegcheck/dist/cli/bin.js', '/p/packages/a')).toBe('/p/node_modules/kegcheck');
    expect(localPackageRoot('/p/node_modules/@acme/kegcheck/dist/x.js', '/p')).toBe('/p/node_modules/@acme/kegcheck');
    expect(localPackageRoot('/p/node_modules/.pnpm/kegcheck@0.1.0/node_modules/kegcheck/dist/x.js', '/p')).toBe('/p/node_modules/.pnpm/kegcheck@0.1.0/node_modules/kegcheck');
    expect(localPackageRoot('/p/node_modules/kegcheck/node_modules/.cache/kegcheck/main-1/x.mjs', '/p')).toBe('/p/node_modules/kegcheck');
  });

  it('finds nothing for a clone, a global install elsewhere, or the clone\'s bundle cache', () => {
    expect(localPackageRoot('/repo/src/report/kegcheck-program.ts', '/repo')).toBeUndefined();
    expect(localPackageRoot('/usr/lib/node_modules/kegcheck/dist/cli/bin.js', '/home/me/keg')).toBeUndefined();
    expect(localPackageRoot('/repo/node_modules/.cache/kegcheck/main-1/x.mjs', '/repo')).toBeUndefined();
    expect(localPackageRoot('/p/sub/node_modules/kegcheck/x.js', '/p')).toBeUndefined();
  });
});

describe('programFor (a real folder tree and PATH)', () => {
  let dir: string;
  let project: string;
  let bin: string;
  const empty: CheckResult = { id: 'case:a', kind: 'case', name: 'a', status: 'fail', durationMs: 1 };

  async function script(path: string): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '#!/usr/bin/env node\n');
    await chmod(path, 0o755);
  }

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'kegcheck-program-')));
    project = join(dir, 'project');
    bin = join(project, 'node_modules/kegcheck/dist/cli/bin.js');
    await script(bin);
    await mkdir(join(project, 'node_modules/.bin'), { recursive: true });
    await symlink(bin, join(project, 'node_modules/.bin/kegcheck'));
    await mkdir(join(dir, 'linked-bin'));
    await symlink(bin, join(dir, 'linked-bin/kegcheck'));
    await script(join(dir, 'global/bin/kegcheck'));
    await mkdir(join(dir, 'no-kegcheck'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is npx kegcheck for a local install with no kegcheck on PATH, and replay commands start with it', () => {
    const program = programFor({ file: bin, cwd: project, path: join(dir, 'no-kegcheck') });
    expect(program).toBe('npx kegcheck');
    expect(replayCommand({ suiteFile: 's.toml', kegSource: 'keg', plugin: 'p' }, empty, program)).toBe('npx kegcheck run s.toml keg --plugin p --check case:a');
  });

  it('is npx kegcheck from a subfolder of the project too', () => {
    expect(programFor({ file: bin, cwd: join(project, 'sub/dir'), path: undefined })).toBe('npx kegcheck');
  });

  it('ignores node_modules/.bin on PATH, which only npm run and npx add', () => {
    const path = [join(project, 'node_modules/.bin'), join(dir, 'no-kegcheck')].join(delimiter);
    expect(kegcheckOnPath(path)).toBeUndefined();
    expect(programFor({ file: bin, cwd: project, path })).toBe('npx kegcheck');
  });

  it('is npx kegcheck when the kegcheck on PATH is another one (a global install)', () => {
    expect(kegcheckOnPath(join(dir, 'global/bin'))).toBe(join(dir, 'global/bin/kegcheck'));
    expect(programFor({ file: bin, cwd: project, path: join(dir, 'global/bin') })).toBe('npx kegcheck');
  });

  it('is kegcheck when the kegcheck on PATH is the running one', () => {
    expect(programFor({ file: bin, cwd: project, path: [join(dir, 'no-kegcheck'), join(dir, 'linked-bin')].join(delimiter) })).toBe('kegcheck');
  });

  it('is kegcheck when kegcheck does not run from a local node_modules', () => {
    expect(programFor({ file: bin, cwd: dir, path: undefined })).toBe('kegcheck');
    expect(programFor({ file: join(dir, 'clone/src/report/kegcheck-program.ts'), cwd: join(dir, 'clone'), path: undefined })).toBe('kegcheck');
  });

  it('is kegcheck in this clone, so the replay commands it prints read `kegcheck run`', () => {
    expect(kegcheckProgram()).toBe('kegcheck');
    expect(replayCommand({ suiteFile: 's.toml', kegSource: 'keg', plugin: 'p' }, empty)).toMatch(/^kegcheck run /);
  });
});
