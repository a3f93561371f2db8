import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the packed kegcheck was installed: the project folder and the bin users run. */
export interface InstalledKegcheck {
  readonly project: string;
  readonly bin: string;
}

/**
 * Packs the repository (prepack builds dist/) and installs the tarball into a
 * new project under `dir`, as a user's `npm install -D kegcheck` would: the
 * bench then times the layout users get, not the repository's sources.
 */
export async function installPacked(root: string, dir: string): Promise<InstalledKegcheck> {
  const project = join(dir, 'installed');
  await mkdir(project, { recursive: true });
  await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const tarball = (await readdir(dir)).find((name) => /^kegcheck-.*\.tgz$/.test(name));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${dir}`);
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'kegcheck-bench-user', private: true, type: 'module' })}\n`);
  await run('npm', ['install', '--silent', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: project, maxBuffer: 64 * 1024 * 1024 });
  return { project, bin: join(project, 'node_modules', 'kegcheck', 'dist', 'cli', 'bin.js') };
}
