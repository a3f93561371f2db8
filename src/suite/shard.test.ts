import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import { parseShard, selectShard, type ShardWorkItem } from './shard.js';

const SEED = Number(process.env['KEGCHECK_TEST_SEED'] ?? Date.now() % 2 ** 31);
const item = fc.record({ keg: fc.constantFrom('a', 'b', 'kegs/c.keg', 'd'), plugin: fc.string({ maxLength: 4 }), suite: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }) });
const items = fc.uniqueArray(item, { selector: (i) => `${i.suite}|${i.keg}|${i.plugin}`, maxLength: 40 });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isKegcheckError(error) ? error.code : 'not-a-kegcheck-error';
  }
}

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/3', '4/3', '1/0', '3', 'a/b', '1/3/4', '-1/3', '1.5/3', ''])('rejects %j with bad-shard', (text) => {
    expect(codeOf(() => parseShard(text))).toBe('bad-shard');
  });
});

describe('selectShard', () => {
  it('deals sorted items round-robin and keeps the caller order', () => {
    const work: ShardWorkItem[] = ['d', 'a', 'c', 'b', 'e'].map((keg) => ({ keg, plugin: 'p' }));
    expect(selectShard(work, { index: 1, count: 2 }).map((w) => w.keg)).toEqual(['a', 'c', 'e']);
    expect(selectShard(work, { index: 2, count: 2 }).map((w) => w.keg)).toEqual(['d', 'b']);
  });

  it('rejects an impossible shard', () => {
    expect(codeOf(() => selectShard([], { index: 3, count: 2 }))).toBe('bad-shard');
  });

  // The seed is in the test name (and in fast-check's failure message); set
  // KEGCHECK_TEST_SEED to replay a run.
  test.prop([items, fc.integer({ min: 1, max: 7 })], { seed: SEED })(`every item lands in exactly one shard, sizes within one (seed ${SEED})`, (work, count) => {
    const shards = Array.from({ length: count }, (_, i) => selectShard(work, { index: i + 1, count }));
    const all = shards.flat();
    expect(all).toHaveLength(work.length);
    expect(new Set(all)).toEqual(new Set(work));
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  test.prop([items, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 })], { seed: SEED })(`does not depend on the order items were found in (seed ${SEED})`, (work, count, salt) => {
    const shuffled = [...work].sort((a, b) => ((JSON.stringify(a).length * 31 + salt) % 7) - ((JSON.stringify(b).length * 31 + salt) % 7));
    for (let index = 1; index <= count; index += 1) {
      const key = (w: ShardWorkItem): string => `${w.suite}|${w.keg}|${w.plugin}`;
      expect(selectShard(shuffled, { index, count }).map(key).sort()).toEqual(selectShard(work, { index, count }).map(key).sort());
    }
  });
});
