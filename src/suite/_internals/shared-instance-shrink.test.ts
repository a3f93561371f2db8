import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import { emptyCapture } from '../../host/_internals/call-capture.js';
import type { CallablePlugin } from './plugin-context.js';
import { drawnRuns, sharedReplayRuns, shrinkSharedInstance, type SequenceJudge } from './shared-instance-shrink.js';

// A stand-in instance: each call's answer is what `answer` makes of the inputs seen on the instance so far.
function fakePlugin(answer: (seen: readonly string[]) => string): CallablePlugin & { sent: number } {
  const plugin = {
    sent: 0,
    spec: { wasmPath: '', pluginDir: '', kegRoot: '', config: {}, wasi: false, hostFunctions: [] },
    async call(calls: readonly CallRequest[]): Promise<CallResult[]> {
      let seen: string[] = [];
      plugin.sent += 1;
      return calls.map((c) => {
        if (c.fresh !== false) seen = [];
        seen.push(new TextDecoder().decode(c.input));
        return { kind: 'ok', output: new TextEncoder().encode(answer(seen)), elapsedMs: 0, ...emptyCapture() } as CallResult;
      });
    },
  };
  return plugin;
}

function judgeWith(plugin: CallablePlugin, expected: (input: string) => string): SequenceJudge<string, string> {
  return {
    target: plugin,
    plan: (v) => ({ plugin: [{ fn: 'f', input: new TextEncoder().encode(v), fresh: false }] }),
    judge: async (v, _calls, answers) => {
      const r = answers.plugin[0];
      const out = r?.kind === 'ok' ? new TextDecoder().decode(r.output) : 'none';
      return out === expected(v) ? undefined : `got ${out}`;
    },
  };
}

describe('shrinkSharedInstance', () => {
  it('keeps the fewest earlier runs that still fail: a total lost on the fifth call needs four', async () => {
    // Answers the input back, except that the fifth call on an instance answers "lost".
    const plugin = fakePlugin((seen) => (seen.length === 5 ? 'lost' : (seen.at(-1) ?? '')));
    const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
    // The batch served runs 100..104: the fifth failed.
    const verdict = await shrinkSharedInstance(judgeWith(plugin, (v) => v), 100, values.slice(0, 5));
    expect(verdict.kind).toBe('shared');
    if (verdict.kind !== 'shared') return;
    expect(verdict.runs).toEqual([100, 101, 102, 103, 104]);
    expect(verdict.failure).toBe('got lost');
  });

  it('drops earlier runs that do not matter, keeping the one that poisons the instance', async () => {
    const plugin = fakePlugin((seen) => (seen.slice(0, -1).includes('poison') ? 'wrong' : (seen.at(-1) ?? '')));
    const values = ['a', 'b', 'poison', 'c', 'd', 'e', 'f', 'g', 'h'];
    const verdict = await shrinkSharedInstance(judgeWith(plugin, (v) => v), 7, values);
    expect(verdict).toMatchObject({ kind: 'shared', runs: [9, 15], values: ['poison', 'h'], failure: 'got wrong' });
    if (verdict.kind === 'shared') expect(verdict.replays).toBeLessThan(20);
  });

  it('leaves a run that fails alone to ordinary shrinking', async () => {
    const plugin = fakePlugin((seen) => (seen.at(-1) === 'bad' ? 'oops' : (seen.at(-1) ?? '')));
    const verdict = await shrinkSharedInstance(judgeWith(plugin, (v) => v), 0, ['a', 'bad']);
    expect(verdict).toEqual({ kind: 'alone', failure: 'got oops' });
    expect(plugin.sent).toBe(1);
  });
});

describe('shared replay paths', () => {
  it('parses shared:a,b,c and nothing else', () => {
    expect(sharedReplayRuns('shared:3,17,42')).toEqual([3, 17, 42]);
    expect(sharedReplayRuns('3:1:0')).toBeUndefined();
    expect(sharedReplayRuns('shared:3,x')).toBeUndefined();
    expect(sharedReplayRuns(undefined)).toBeUndefined();
  });

  it('draws the same values fast-check gives those runs of the seed', () => {
    const arbitrary = fc.string();
    const all = fc.sample(arbitrary, { seed: 5, numRuns: 50 });
    expect(drawnRuns(arbitrary, 5, [0, 17, 42])).toEqual([all[0], all[17], all[42]]);
  });
});
