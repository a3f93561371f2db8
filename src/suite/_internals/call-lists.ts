import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { CallablePlugin } from './plugin-context.js';

/**
 * Sends several runs' call lists as one supervisor run (one instance, the
 * first call on a fresh one when `freshFirst`) and splits the answers back
 * per list.
 */
export async function callLists(plugin: CallablePlugin, lists: readonly CallRequest[][], freshFirst: boolean): Promise<CallResult[][]> {
  const flat = lists.flat();
  const first = flat[0];
  if (freshFirst && first !== undefined) flat[0] = { ...first, fresh: true };
  const results = await plugin.call(flat);
  const out: CallResult[][] = [];
  let at = 0;
  for (const list of lists) {
    out.push(results.slice(at, at + list.length));
    at += list.length;
  }
  return out;
}
