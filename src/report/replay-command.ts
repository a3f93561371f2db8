import type { CheckResult } from '../model/result.js';
import { kegcheckProgram } from './kegcheck-program.js';

// POSIX shell quoting: safe words stay bare so the command reads naturally.
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What a replay command names: the suite file, the keg and plugin, as the user should type them. */
export interface ReplayTarget {
  readonly suiteFile: string;
  readonly kegSource: string;
  readonly plugin: string;
}

/**
 * The `kegcheck run` command that re-runs one check. For a property with a
 * shrink path, seed + path + one run reproduce the counterexample directly;
 * without a path (an xpass, an error) the same seed and number of runs repeat it.
 * It starts with `npx kegcheck` when kegcheck runs from a local node_modules (see kegcheck-program.ts).
 */
export function replayCommand(target: ReplayTarget, check: CheckResult, program: string = kegcheckProgram()): string {
  const words = ['run', target.suiteFile, target.kegSource, '--plugin', target.plugin, '--check', check.id];
  if ((check.kind === 'property' || check.kind === 'benchmark') && check.seed !== undefined) {
    words.push('--seed', String(check.seed));
    if (check.kind === 'property' && check.replayPath !== undefined && check.replayPath !== '') words.push('--replay-path', check.replayPath, '--runs', '1');
    else if (check.kind === 'property' && check.runs !== undefined && check.runs > 0) words.push('--runs', String(check.runs));
  }
  return `${program} ${words.map(shellQuote).join(' ')}`;
}
