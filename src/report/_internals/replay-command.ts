import type { LocatedCheck } from './report-walk.js';
import { displayPath } from './display-path.js';

// POSIX shell quoting: safe words stay bare so the command reads naturally.
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that re-runs one check: for a property the seed, the shrink
 * path and a single run reproduce the counterexample directly.
 */
export function replayCommand({ suite, plugin, check }: LocatedCheck): string {
  const words = ['kegcheck', 'run', displayPath(suite.file), displayPath(plugin.keg.source), '--plugin', plugin.plugin.name, '--check', check.id];
  if (check.seed !== undefined) {
    words.push('--seed', String(check.seed));
    if (check.replayPath !== undefined) words.push('--replay-path', check.replayPath);
    words.push('--runs', '1');
  }
  return words.map(shellQuote).join(' ');
}
