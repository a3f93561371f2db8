import { availableParallelism } from 'node:os';
import { Buffer } from 'node:buffer';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { CallablePlugin } from './plugin-context.js';

// fast-check draws a property's inputs from its seed alone (fc.sample with the
// same seed yields the same values), so the calls of the first runs can be sent
// ahead in large batches, spread over the workers, instead of one round trip
// per run. The property then takes its answers from here; shrinking, which
// depends on outcomes, still calls live.

function keyOf(calls: readonly CallRequest[]): string {
  return calls.map((c) => `${c.fn}\u0001${c.fresh === false ? 0 : 1}\u0001${Buffer.from(c.input.buffer, c.input.byteOffset, c.input.byteLength).toString('latin1')}`).join('\u0000');
}

export interface PrefetchingPlugin extends CallablePlugin {
  // Runs these call lists ahead, split over the workers, and keeps the answers for `call`.
  prefetch(lists: readonly (readonly CallRequest[])[]): Promise<void>;
  // Keeps an answer obtained elsewhere (e.g. a batch) for a later `call` of that list.
  remember(calls: readonly CallRequest[], results: CallResult[]): void;
  // The very next `call`, whatever its list, gets these results: for a caller that
  // knows which list comes next and wants to skip the lookup (undefined: no longer).
  answerNext(results: CallResult[] | undefined): void;
}

export function prefetchingPlugin(base: CallablePlugin, workers = availableParallelism()): PrefetchingPlugin {
  const cache = new Map<string, CallResult[][]>();
  let next: CallResult[] | undefined;
  const remember = (calls: readonly CallRequest[], results: CallResult[]): void => {
    const key = keyOf(calls);
    const queue = cache.get(key) ?? [];
    queue.push(results);
    cache.set(key, queue);
  };
  return {
    spec: base.spec,
    remember,
    answerNext(results) {
      next = results;
    },
    async call(calls) {
      if (next !== undefined) {
        const given = next;
        next = undefined;
        return given;
      }
      const key = keyOf(calls);
      const queued = cache.get(key);
      const hit = queued?.shift();
      if (queued !== undefined && queued.length === 0) cache.delete(key);
      return hit ?? base.call(calls);
    },
    async prefetch(lists) {
      const perWorker = Math.ceil(lists.length / Math.max(1, workers));
      const chunks: (readonly CallRequest[])[][] = [];
      for (let i = 0; i < lists.length; i += perWorker) chunks.push(lists.slice(i, i + perWorker));
      const answers = await Promise.all(chunks.map((chunk) => base.call(chunk.flat())));
      chunks.forEach((chunk, c) => {
        const results = answers[c] ?? [];
        let at = 0;
        for (const list of chunk) {
          const slice = results.slice(at, at + list.length);
          at += list.length;
          // A batch cut short (the worker died) leaves the rest to live calls.
          if (slice.length !== list.length) return;
          remember(list, slice);
        }
      });
    },
  };
}
