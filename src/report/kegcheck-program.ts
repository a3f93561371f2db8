import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How a person types kegcheck in a shell: `kegcheck` when it is on PATH, else through npx. */
export type KegcheckProgram = 'kegcheck' | 'npx kegcheck';

/** What decides the program; tests pass their own, `kegcheckProgram()` reads the running process. */
export interface ProgramContext {
  /** A file of the running kegcheck (the bin or any module of the package). */
  readonly file: string;
  readonly cwd: string;
  /** The PATH variable, as the shell would search it. */
  readonly path: string | undefined;
}

function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The package folder holding `file` when it is installed in a node_modules folder of `cwd` or of an
 * ancestor of `cwd`: the innermost `node_modules/<name>` (or `@scope/<name>`) on its path, so nested
 * and pnpm layouts (`node_modules/.pnpm/<id>/node_modules/<name>`) resolve too. kegcheck's own run-time
 * bundle cache (`node_modules/.cache/…`) does not count: it says where a cache is, not an install.
 */
export function localPackageRoot(file: string, cwd: string): string | undefined {
  const parts = resolve(file).split(sep);
  let local = false;
  let root: string | undefined;
  for (let i = 0; i < parts.length - 1; i += 1) {
    if (parts[i] !== 'node_modules') continue;
    const next = parts[i + 1] ?? '';
    if (next === '.cache' || next === '') continue;
    if (!local && isWithin(resolve(cwd), parts.slice(0, i).join(sep) || sep)) local = true;
    if (next.startsWith('.')) continue;
    const end = i + 1 + (next.startsWith('@') ? 2 : 1);
    if (end < parts.length) root = parts.slice(0, end).join(sep);
  }
  return local ? root : undefined;
}

function executable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `kegcheck` a shell would run from PATH, resolved through its links. Folders
 * named `node_modules/.bin` are skipped: `npm run` and `npx` add them for their
 * child processes only, so a command printed there would not work when pasted.
 */
export function kegcheckOnPath(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '' || (dir.endsWith(`${sep}.bin`) && dirname(dir).endsWith(`${sep}node_modules`))) continue;
    for (const name of process.platform === 'win32' ? ['kegcheck.cmd', 'kegcheck.exe', 'kegcheck'] : ['kegcheck']) {
      const candidate = join(dir, name);
      if (!executable(candidate)) continue;
      try {
        return realpathSync(candidate);
      } catch {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * `npx kegcheck` when the running kegcheck is installed in a local node_modules (of the working
 * folder or an ancestor) and the `kegcheck` found on PATH is not this one; else `kegcheck`.
 */
export function programFor(context: ProgramContext): KegcheckProgram {
  const root = localPackageRoot(context.file, context.cwd);
  if (root === undefined) return 'kegcheck';
  const onPath = kegcheckOnPath(context.path);
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // A root that cannot be resolved is compared as written.
  }
  return onPath !== undefined && (isWithin(onPath, realRoot) || isWithin(onPath, root)) ? 'kegcheck' : 'npx kegcheck';
}

const ownFile = fileURLToPath(import.meta.url);
const memo = new Map<string, KegcheckProgram>();

/** The program for this process: where this module runs from, the working folder and PATH. */
export function kegcheckProgram(): KegcheckProgram {
  const cwd = process.cwd();
  const path = process.env['PATH'];
  const key = `${cwd}\u0000${path ?? ''}`;
  let program = memo.get(key);
  if (program === undefined) {
    program = programFor({ file: ownFile, cwd, path });
    memo.set(key, program);
  }
  return program;
}
