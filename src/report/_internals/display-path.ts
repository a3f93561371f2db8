import { isAbsolute, relative, sep } from 'node:path';

// A path as people should read it in a report: relative to the working
// folder when it lies inside it (the runner records absolute paths, which
// differ between machines), unchanged otherwise.
export function displayPath(path: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
