import { KegcheckError } from '../kegcheck-error.js';

/** Shard `index` of `count` (1-based), as given by `--shard i/n`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** One unit of work a shard may take: a plugin of a keg (optionally within a suite). */
export interface ShardWorkItem {
  /** The keg as the user named it (folder, .keg file or store entry). */
  readonly keg: string;
  readonly plugin: string;
  readonly suite?: string | undefined;
}

/** Parses `i/n` (1 ≤ i ≤ n). Throws KegcheckError `bad-shard` with what was expected. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) {
    throw new KegcheckError('bad-shard', `--shard expects i/n such as 1/3, got '${text}'`);
  }
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new KegcheckError('bad-shard', `--shard ${text}: expected 1 ≤ i ≤ n and n ≥ 1`);
  }
  return { index, count };
}

/** The identity of one work item: suite, keg and plugin. */
export function shardItemKey(suite: string | undefined, keg: string, plugin: string): string {
  return `${suite ?? ''}\u0000${keg}\u0000${plugin}`;
}

function itemKey(item: ShardWorkItem): string {
  return shardItemKey(item.suite, item.keg, item.plugin);
}

// Plain code-unit order: locale-aware comparison could differ between CI machines.
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The work items that shard `shard` runs. Items are ordered by
 * suite, keg and plugin (independent of the order they were found in) and
 * dealt round-robin, so every item lands in exactly one shard, shard sizes
 * differ by at most one, and every machine computes the same split.
 * The result keeps the caller's order.
 */
export function selectShard<T extends ShardWorkItem>(items: readonly T[], shard: Shard): T[] {
  if (!Number.isSafeInteger(shard.count) || shard.count < 1 || !Number.isSafeInteger(shard.index) || shard.index < 1 || shard.index > shard.count) {
    throw new KegcheckError('bad-shard', `invalid shard ${shard.index}/${shard.count}: expected 1 ≤ i ≤ n`);
  }
  const keys = items.map(itemKey);
  const order = keys.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
  const chosen = new Set<number>();
  order.forEach((itemIndex, rank) => {
    if (rank % shard.count === shard.index - 1) chosen.add(itemIndex);
  });
  return items.filter((_, i) => chosen.has(i));
}
