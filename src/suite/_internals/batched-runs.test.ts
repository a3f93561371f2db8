import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import { batchPlan, batchedRuns, type RunRange } from './batched-runs.js';
import { propertyShares } from './properties/property-shares.js';
import type { CallablePlugin } from './plugin-context.js';
import { prefetchingPlugin } from './prefetching-plugin.js';

const spec = { wasmPath: 'echo.wasm', pluginDir: 'plugins/echo', kegRoot: '.' };
const ok = (input: Uint8Array): CallResult => ({ kind: 'ok', output: input, elapsedMs: 0, prints: [], logs: [], staticReads: [], hostCalls: [] });

// An echo plugin that records every batch it is sent.
function echoBase(): CallablePlugin & { batches: CallRequest[][] } {
  const batches: CallRequest[][] = [];
  return {
    spec,
    batches,
    async call(calls) {
      batches.push([...calls]);
      return calls.map((c) => ok(c.input));
    },
  };
}

const arbitrary = fc.integer({ min: 0, max: 255 });
const plan = (value: number): { plugin: CallRequest[] } => ({ plugin: [{ fn: 'echo', input: Uint8Array.of(value), fresh: false }] });

describe('batchedRuns', () => {
  it('judges every run in order on the values fast-check draws, from batches that start one fresh instance each', async () => {
    const base = echoBase();
    const judged: number[] = [];
    const plugin = prefetchingPlugin(base);
    const failed = await batchedRuns({
      arbitrary,
      seed: 5,
      numRuns: 500,
      plan,
      target: { plugin, base },
      reuse: true,
      judge: async (value, calls) => {
        const [answer] = await plugin.call(calls.plugin);
        judged.push(value);
        return answer?.kind === 'ok' && answer.output[0] === value;
      },
    });
    expect(failed).toBeUndefined();
    expect(judged).toEqual(fc.sample(arbitrary, { seed: 5, numRuns: 500 }));
    expect(base.batches.map((b) => b.length)).toEqual([32, 64, 128, 256, 20]);
    for (const batch of base.batches) expect(batch.map((c) => c.fresh)).toEqual([true, ...Array<boolean>(batch.length - 1).fill(false)]);
  });

  it('sends the calls as planned when runs must not share an instance', async () => {
    const base = echoBase();
    const plugin = prefetchingPlugin(base);
    const freshPlan = (value: number): { plugin: CallRequest[] } => ({ plugin: [{ fn: 'echo', input: Uint8Array.of(value) }] });
    await batchedRuns({ arbitrary, seed: 5, numRuns: 40, plan: freshPlan, target: { plugin, base }, reuse: false, judge: async (_v, calls) => (await plugin.call(calls.plugin)).length === 1 });
    expect(base.batches.flat().map((c) => c.fresh)).toEqual(Array<undefined>(40).fill(undefined));
  });

  it('reports a judge that throws with its run and error, and stops there: not a verdict, never a plain fail', async () => {
    const base = echoBase();
    const plugin = prefetchingPlugin(base);
    const values = fc.sample(arbitrary, { seed: 3, numRuns: 200 });
    const boom = new TypeError('judge broke');
    const thrown: { run: number; error: unknown }[] = [];
    let judged = 0;
    const failed = await batchedRuns({
      arbitrary,
      seed: 3,
      numRuns: 200,
      plan,
      target: { plugin, base },
      reuse: true,
      judge: async (_value, calls) => {
        await plugin.call(calls.plugin);
        judged += 1;
        if (judged === 70) throw boom;
        return true;
      },
      onJudgeError: (run, error) => thrown.push({ run, error }),
    });
    expect(values.length).toBe(200);
    expect(failed).toBe(69);
    expect(thrown).toEqual([{ run: 69, error: boom }]);
    expect(judged).toBe(70);
  });

  it('stops at the first failing run and keeps only its answers, for fast-check to start from it without calling', async () => {
    const base = echoBase();
    const plugin = prefetchingPlugin(base);
    const values = fc.sample(arbitrary, { seed: 9, numRuns: 300 });
    const failing = 100;
    const failed = await batchedRuns({
      arbitrary,
      seed: 9,
      numRuns: 300,
      plan,
      target: { plugin, base },
      reuse: true,
      judge: async (value, calls) => {
        await plugin.call(calls.plugin);
        return value !== values[failing];
      },
    });
    const first = values.indexOf(values[failing] as number);
    expect(failed).toBe(first);
    const sent = base.batches.length;
    expect((await plugin.call(plan(values[first] as number).plugin))[0]).toMatchObject({ kind: 'ok', output: Uint8Array.of(values[first] as number) });
    expect(base.batches.length).toBe(sent);
    // Runs judged before it are not kept: asking for one calls the plugin again.
    const earlier = values.slice(0, first).find((v) => v !== values[first]) as number;
    await plugin.call(plan(earlier).plugin);
    expect(base.batches.length).toBe(sent + 1);
  });

  it('judges only the runs the byte check does not already accept, and still stops at the first failure among them', async () => {
    const base = echoBase();
    const plugin = prefetchingPlugin(base);
    const values = fc.sample(arbitrary, { seed: 3, numRuns: 400 });
    const odd = values.filter((v) => v % 2 === 1);
    const failing = odd[50] as number;
    const judged: number[] = [];
    const failed = await batchedRuns({
      arbitrary,
      seed: 3,
      numRuns: 400,
      plan,
      target: { plugin, base },
      reuse: true,
      passes: (_calls, mine) => mine[0]?.kind === 'ok' && (mine[0].output[0] ?? 1) % 2 === 0,
      judge: async (value, calls) => {
        await plugin.call(calls.plugin);
        judged.push(value);
        return value !== failing;
      },
    });
    expect(failed).toBe(values.indexOf(failing));
    expect(judged).toEqual(odd.slice(0, odd.indexOf(failing) + 1));
  });

  it('treats a judge that throws as a failing run, for fast-check to report', async () => {
    const base = echoBase();
    const failed = await batchedRuns({
      arbitrary,
      seed: 1,
      numRuns: 10,
      plan,
      target: { plugin: prefetchingPlugin(base), base },
      reuse: true,
      judge: async () => {
        throw new Error('judge broke');
      },
    });
    expect(failed).toBe(0);
  });

  it('runs a share of the runs as the whole property would: the same batches, and on a failure the same batches sent and values drawn beyond the share', async () => {
    const numRuns = 3000;
    // What one batchedRuns call sends (each batch's first value and size) and draws (every value the arbitrary made).
    const trace = async (failing: number | undefined, range?: RunRange): Promise<{ failed: number | undefined; batches: string[]; drawn: number }> => {
      const base = echoBase();
      const plugin = prefetchingPlugin(base);
      let drawn = 0;
      let run = range?.from ?? 0;
      const failed = await batchedRuns({
        arbitrary: fc.integer({ min: 0, max: 255 }).map((v) => {
          drawn += 1;
          return v;
        }),
        seed: 11,
        numRuns,
        plan,
        range,
        target: { plugin, base },
        reuse: true,
        judge: async (_value, calls) => {
          await plugin.call(calls.plugin);
          const here = run;
          run += 1;
          return here !== failing;
        },
        passes: (_calls, mine) => {
          const here = run;
          if (here === failing) return false;
          run += 1;
          return mine.length === 1;
        },
      });
      return { failed, batches: base.batches.map((b) => `${b.length}:${b[0]?.input[0] ?? ''}`), drawn };
    };
    const plans = batchPlan(numRuns);
    expect(plans.map((b) => b.count)).toEqual([32, 64, 128, 256, 512, 1024, 984]);
    const shares = propertyShares(numRuns, 1);
    expect(shares).toEqual(plans.map((b) => ({ from: b.from, to: b.from + b.count })));
    const passing = await Promise.all(shares.map((share) => trace(undefined, share)));
    const whole = await trace(undefined);
    expect(passing.map((p) => p.failed)).toEqual(shares.map(() => undefined));
    expect(passing.flatMap((p) => p.batches)).toEqual(whole.batches);
    expect(passing.reduce((n, p) => n + p.drawn, 0)).toBe(numRuns);
    for (const failing of [5, 40, 300, 1500, 2999]) {
      const at = shares.findIndex((s) => failing >= s.from && failing < s.to);
      const expected = await trace(failing);
      const before = passing.slice(0, at);
      const share = await trace(failing, shares[at]);
      expect(share.failed, `run ${failing}`).toBe(failing);
      expect([...before.flatMap((p) => p.batches), ...share.batches], `run ${failing}`).toEqual(expected.batches);
      expect(before.reduce((n, p) => n + p.drawn, 0) + share.drawn, `run ${failing}`).toBe(expected.drawn);
    }
  });
});
