import { guestTotals, type GuestCoverage, type GuestFunction, type GuestPluginCoverage } from '../model/guest-coverage.js';

function key(p: GuestPluginCoverage): string {
  return `${p.keg}\u0000${p.plugin}\u0000${p.wasmSha256}`;
}

function addFunctions(a: readonly GuestFunction[], b: readonly GuestFunction[]): GuestFunction[] {
  return a.map((fn, i) => {
    const other = b[i];
    if (other === undefined) return fn;
    return { ...fn, hits: fn.hits + other.hits, blocks: fn.blocks.map((block, j) => ({ ...block, hits: block.hits + (other.blocks[j]?.hits ?? 0) })) };
  });
}

/**
 * Adds up the guest coverage of shards: the same plugin (keg, plugin, wasm
 * hash) in several shards has its counts summed; a plugin unavailable in one
 * shard keeps the other shard's counts.
 */
export function mergeGuestCoverage(parts: ReadonlyArray<GuestCoverage | undefined>): GuestCoverage | undefined {
  const present = parts.filter((p): p is GuestCoverage => p !== undefined);
  if (present.length === 0) return undefined;
  const merged = new Map<string, GuestPluginCoverage>();
  for (const part of present) {
    for (const plugin of part.plugins) {
      const k = key(plugin);
      const seen = merged.get(k);
      if (seen === undefined || seen.status !== 'ok') {
        merged.set(k, plugin);
      } else if (plugin.status === 'ok') {
        const functions = addFunctions(seen.functions, plugin.functions);
        merged.set(k, { ...seen, functions, totals: guestTotals(functions) });
      }
    }
  }
  return { plugins: [...merged.values()] };
}
