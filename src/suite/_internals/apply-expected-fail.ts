import { basename } from 'node:path';
import { isFailing, type CheckResult } from '../../model/result.js';
import type { ExpectedFail } from '../suite.js';

// `*` matches any run of characters; everything else literally, whole string.
export function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

// Names a keg answers to in `expected_fail`: its package name and the folder or file it came from.
export function kegNames(keg: { name: string; source: string }): string[] {
  return [keg.name, keg.source, basename(keg.source).replace(/\.keg$/, '')];
}

export function findExpectedFail(entries: readonly ExpectedFail[], keg: { name: string; source: string }, plugin: string, check: CheckResult): ExpectedFail | undefined {
  const names = kegNames(keg);
  return entries.find(
    (e) =>
      names.some((n) => globMatches(e.keg, n)) &&
      (e.plugin === undefined || globMatches(e.plugin, plugin)) &&
      (globMatches(e.check, check.id) || globMatches(e.check, check.name)),
  );
}

// Known failures as data: a failing check listed in `expected_fail` becomes
// xfail; a listed check that passes becomes xpass (which fails the run, so
// lists never rot). Skipped checks stay skipped.
export function applyExpectedFail<T extends CheckResult>(check: T, entry: ExpectedFail | undefined): T {
  if (entry === undefined || check.status === 'skip') return check;
  if (isFailing(check.status)) return { ...check, status: 'xfail', expectedFailReason: entry.reason };
  return {
    ...check,
    status: 'xpass',
    expectedFailReason: entry.reason,
    message: `listed in expected_fail (${entry.reason}) but passed; remove the entry at ${entry.at.file}${entry.at.line === undefined ? '' : `:${entry.at.line}`}`,
  };
}
