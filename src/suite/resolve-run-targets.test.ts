import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PackageStore } from '../keg/package-store.js';
import { resolveRunTargets } from './resolve-run-targets.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STORE = join(REPO, 'fixtures/suites/vowelcounter');
const store = new PackageStore([STORE], { cwd: REPO });

function names(targets: { keg: { name: string }; plugin?: string }[]): string[] {
  return targets.map((t) => `${t.keg.name}${t.plugin === undefined ? '' : `:${t.plugin}`}`);
}

describe('resolveRunTargets', () => {
  it('takes keg folders, folders of kegs, package names and package:plugin', async () => {
    const resolved = await resolveRunTargets(
      ['fixtures/suites/vowelcounter/vowels_wat', 'fixtures/suites/packed', 'vowels_lowercase_only', 'vowels_wat:count_vowels'],
      store,
      { cwd: REPO },
    );
    try {
      expect(names(resolved.targets)).toEqual([
        'vowels_wat',
        'packed_as',
        'packed_rust',
        'packed_sign_dropped',
        'packed_utf16_lengths',
        'vowels_lowercase_only',
        'vowels_wat:count_vowels',
      ]);
    } finally {
      await resolved.dispose();
    }
  });

  it('with no argument, takes every plugin of the type in the store; --plugin narrows named kegs', async () => {
    const all = await resolveRunTargets([], store, { cwd: REPO, type: 'kegs.testing.vowelcounter' });
    expect(names(all.targets).sort()).toEqual(['vowels_lowercase_only:count_vowels', 'vowels_wat:count_vowels']);
    await all.dispose();
    const narrowed = await resolveRunTargets(['fixtures/suites/vowelcounter/vowels_wat'], store, { cwd: REPO, pluginName: 'count_vowels' });
    expect(names(narrowed.targets)).toEqual(['vowels_wat:count_vowels']);
    await narrowed.dispose();
  });

  it('names what it could not find', async () => {
    await expect(resolveRunTargets(['no_such_package'], store, { cwd: REPO })).rejects.toMatchObject({ code: 'target-not-found' });
    await expect(resolveRunTargets([], store, { cwd: REPO, type: 'kegs.testing.none' })).rejects.toMatchObject({ code: 'target-not-found' });
    await expect(resolveRunTargets(['src/suite'], store, { cwd: REPO })).rejects.toMatchObject({ code: 'target-not-found' });
  });
});
