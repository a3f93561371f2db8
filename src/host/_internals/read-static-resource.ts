import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { StaticRead } from '../../model/result.js';

export type StaticLookup =
  | { readonly outcome: 'ok'; readonly bytes: Uint8Array; readonly read: StaticRead }
  | { readonly outcome: 'missing' | 'refused'; readonly read: StaticRead };

function refuse(path: string, reason: string): StaticLookup {
  return { outcome: 'refused', read: { path, outcome: 'refused', reason } };
}

function inside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Why a requested path may not even be looked up, or undefined when it may. */
function lexicalRefusal(path: string): string | undefined {
  if (path === '') return 'empty path';
  if (path.includes('\0')) return 'NUL byte in path';
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || isAbsolute(path)) return 'absolute path';
  if (path.split(/[/\\]/).includes('..')) return '".." segment in path';
  return undefined;
}

/**
 * Serves `keg_get_static_resource(path)`: `<plugin>/static/<path>`, else
 * `<keg root>/static/<path>`. Refuses absolute paths, `..`, NUL bytes, and
 * anything whose real path (after symlinks) leaves its static folder or
 * whose static folder leaves the keg. Synchronous: host functions are.
 */
export function readStaticResource(path: string, pluginDir: string, kegRoot: string, maxBytes: number): StaticLookup {
  const lexical = lexicalRefusal(path);
  if (lexical !== undefined) return refuse(path, lexical);
  const realKeg = realOrUndefined(kegRoot);
  if (realKeg === undefined) return { outcome: 'missing', read: { path, outcome: 'missing', reason: 'keg root does not exist' } };
  for (const staticDir of [join(pluginDir, 'static'), join(kegRoot, 'static')]) {
    const candidate = join(staticDir, path);
    try {
      lstatSync(candidate);
    } catch {
      continue;
    }
    const realDir = realOrUndefined(staticDir);
    if (realDir === undefined || !inside(realKeg, realDir)) {
      return refuse(path, `static folder ${relative(kegRoot, staticDir)} resolves outside the keg`);
    }
    const realFile = realOrUndefined(candidate);
    if (realFile === undefined) {
      return refuse(path, 'dangling symlink');
    }
    if (!inside(realDir, realFile) || realFile === realDir) {
      return refuse(path, `resolves outside ${relative(kegRoot, staticDir)} (symlink escape)`);
    }
    const stats = statSync(realFile);
    if (!stats.isFile()) {
      return { outcome: 'missing', read: { path, outcome: 'missing', reason: 'not a regular file' } };
    }
    if (stats.size > maxBytes) {
      return refuse(path, `file has ${stats.size} bytes, above the output limit of ${maxBytes}`);
    }
    const bytes = readFileSync(realFile);
    return { outcome: 'ok', bytes, read: { path, outcome: 'ok', resolved: relative(realKeg, realFile) } };
  }
  return { outcome: 'missing', read: { path, outcome: 'missing', reason: 'no such file in the plugin or keg static folder' } };
}
