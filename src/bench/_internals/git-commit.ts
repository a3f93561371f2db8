import { execFileSync } from 'node:child_process';

/**
 * The short commit id of the tree in `cwd`, with `-dirty` when it has
 * uncommitted changes, so a published figure says what it measured;
 * undefined outside a git checkout.
 */
export function gitCommit(cwd: string): string | undefined {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const id = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? id : `${id}-dirty`;
  } catch {
    return undefined;
  }
}
