import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, fixtureSpec, text } from './_internals/fixture-specs.js';
import type { CallResult } from './plugin-spec.js';
import { Supervisor } from './supervisor.js';

const probe = fixtureSpec('probe-keg', 'probe');
const hostile = (name: string) => fixtureSpec('hostile-keg', name);

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function okText(result: CallResult | undefined): string {
  if (result?.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return decode(result.output);
}

describe('Supervisor', () => {
  const supervisor = new Supervisor({ workers: 2 });
  const escapeLink = join(hostile('static_escape').pluginDir, 'static', 'escape-link');

  beforeAll(() => {
    rmSync(escapeLink, { force: true });
    // Points at the keg's own keg.toml: outside static/, inside the keg.
    symlinkSync('../../../keg.toml', escapeLink);
  });
  afterAll(async () => {
    rmSync(escapeLink, { force: true });
    await supervisor.close();
  });

  it('runs calls in order and returns their outputs', async () => {
    const results = await supervisor.run(probe, [
      { fn: 'echo', input: text('hello') },
      { fn: 'echo', input: new Uint8Array(0) },
      { fn: 'no_output', input: text('x') },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(okText(results[0])).toBe('hello');
    expect(okText(results[1])).toBe('');
    expect(okText(results[2])).toBe('');
  });

  it('echoes a view into a larger buffer without the bytes around it', async () => {
    const big = text('xxhelloxx');
    const [result] = await supervisor.run(probe, [{ fn: 'echo', input: big.subarray(2, 7) }]);
    expect(okText(result)).toBe('hello');
  });

  it('gives each call a fresh instance unless it says fresh: false', async () => {
    const results = await supervisor.run(probe, [
      { fn: 'counter', input: text('') },
      { fn: 'counter', input: text(''), fresh: false },
      { fn: 'counter', input: text(''), fresh: false },
      { fn: 'counter', input: text('') },
    ]);
    expect(results.map((r) => (r.kind === 'ok' ? r.output[0] : r.kind))).toEqual([1, 2, 3, 1]);
  });

  it('spreads independent calls over idle workers without splitting a stateful sequence', async () => {
    // Both workers are idle after this, so the next run is split in two at the middle...
    await Promise.all([supervisor.run(probe, [{ fn: 'echo', input: text('') }]), supervisor.run(probe, [{ fn: 'echo', input: text('') }])]);
    const calls = Array.from({ length: 12 }, (_, i) => ({ fn: 'counter', input: text(''), fresh: !(i >= 4 && i <= 8) }));
    // ...which falls inside the chain 3..8: it must stay whole on one instance.
    const results = await supervisor.run(probe, calls);
    expect(results.map((r) => (r.kind === 'ok' ? r.output[0] : r.kind))).toEqual([1, 1, 1, 1, 2, 3, 4, 5, 6, 1, 1, 1]);
  });

  it('reports a runaway plugin as timeout with the elapsed time, then runs the next call', async () => {
    const started = performance.now();
    const [runaway] = await supervisor.run(hostile('loop_forever'), [{ fn: 'run', input: text(''), timeoutMs: 300 }]);
    const took = performance.now() - started;
    expect(runaway?.kind).toBe('timeout');
    expect(runaway?.elapsedMs).toBeGreaterThanOrEqual(300);
    expect(runaway?.elapsedMs).toBeLessThan(2000);
    expect(took).toBeLessThan(10_000);
    const [next] = await supervisor.run(probe, [{ fn: 'echo', input: text('still alive') }]);
    expect(okText(next)).toBe('still alive');
  });

  it('keeps the results around a timeout within one batch', async () => {
    const results = await supervisor.run(hostile('loop_forever'), [
      { fn: 'missing', input: text('') },
      { fn: 'run', input: text(''), timeoutMs: 200 },
      { fn: 'missing', input: text('') },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['missing-export', 'timeout', 'missing-export']);
  });

  it('reports a trap and carries on', async () => {
    const [trap] = await supervisor.run(hostile('trap'), [{ fn: 'run', input: text('') }]);
    expect(trap).toMatchObject({ kind: 'trap', message: expect.stringContaining('unreachable') });
  });

  it('caps linear memory: unbounded memory.grow ends as memory-limit at the cap', async () => {
    const pagesAt = (result: CallResult | undefined): number => {
      const match = /at (\d+) of (\d+) pages/.exec(result?.kind === 'ok' ? '' : (result?.message ?? ''));
      if (match === null) throw new Error(`no page count in ${JSON.stringify(result)}`);
      return Number(match[1]);
    };
    const [grow] = await supervisor.run(hostile('grow_memory'), [{ fn: 'run', input: text('') }]);
    expect(grow?.kind).toBe('memory-limit');
    // The fixture grows 16 pages at a time from 1: it stops at the last step that fits.
    expect(pagesAt(grow)).toBe(1009);
    const [small] = await supervisor.run({ ...hostile('grow_memory'), maxMemoryPages: 64 }, [{ fn: 'run', input: text('') }]);
    expect(small?.kind).toBe('memory-limit');
    expect(pagesAt(small)).toBe(49);
    // The same through a real allocator (AssemblyScript) instead of a bare memory.grow loop.
    const [hoard] = await supervisor.run(hostile('hoard'), [{ fn: 'run', input: text('') }]);
    expect(hoard?.kind).toBe('memory-limit');
    expect(pagesAt(hoard)).toBeLessThanOrEqual(1024);
  });

  it('refuses a 100 MiB output as output-limit', async () => {
    const [huge] = await supervisor.run(hostile('huge_output'), [{ fn: 'run', input: text('') }]);
    expect(huge?.kind).toBe('output-limit');
  });

  it('reports an unknown host import as link-error naming it', async () => {
    const [link] = await supervisor.run(hostile('unknown_import'), [{ fn: 'run', input: text('') }]);
    expect(link).toMatchObject({ kind: 'link-error', message: expect.stringContaining('extism:host/user::launch_missiles') });
  });

  it('reports a trapping plugin_init as init-failed', async () => {
    const [init] = await supervisor.run(hostile('init_trap'), [{ fn: 'run', input: text('') }]);
    expect(init).toMatchObject({ kind: 'init-failed', message: expect.stringContaining('plugin_init') });
  });

  it('refuses static-resource escapes and records each refusal', async () => {
    const results = await supervisor.run(hostile('static_escape'), [
      { fn: 'up', input: text('') },
      { fn: 'etc_passwd', input: text('') },
      { fn: 'symlink', input: text('') },
      { fn: 'nul', input: text('') },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['plugin-error', 'plugin-error', 'plugin-error', 'plugin-error']);
    expect(results.map((r) => r.staticReads.map((s) => s.outcome))).toEqual([['refused'], ['refused'], ['refused'], ['refused']]);
    expect(results[2]?.staticReads[0]?.reason).toMatch(/symlink escape/);
  });

  it('classifies error_set, non-zero return codes and missing exports', async () => {
    const results = await supervisor.run(probe, [
      { fn: 'plugin_error', input: text('') },
      { fn: 'exit_code', input: text('') },
      { fn: 'no_such_export', input: text('') },
    ]);
    expect(results[0]).toMatchObject({ kind: 'plugin-error', message: 'boom' });
    expect(results[1]).toMatchObject({ kind: 'exit-code', exitCode: 3 });
    expect(results[2]).toMatchObject({ kind: 'missing-export' });
  });

  it('runs the whole hostile keg in one go and still completes', async () => {
    const all = await Promise.all([
      supervisor.run(hostile('loop_forever'), [{ fn: 'run', input: text(''), timeoutMs: 200 }]),
      supervisor.run(hostile('trap'), [{ fn: 'run', input: text('') }]),
      supervisor.run(hostile('grow_memory'), [{ fn: 'run', input: text('') }]),
      supervisor.run(hostile('huge_output'), [{ fn: 'run', input: text('') }]),
      supervisor.run(hostile('unknown_import'), [{ fn: 'run', input: text('') }]),
      supervisor.run(hostile('init_trap'), [{ fn: 'run', input: text('') }]),
      supervisor.run(probe, [{ fn: 'echo', input: text('after') }]),
    ]);
    expect(all.map(([r]) => r?.kind)).toEqual(['timeout', 'trap', 'memory-limit', 'output-limit', 'link-error', 'init-failed', 'ok']);
  });

  it('leaves no worker thread behind after close()', async () => {
    const own = new Supervisor({ workers: 2 });
    await Promise.all([
      own.run(probe, [{ fn: 'echo', input: text('a') }]),
      own.run(probe, [{ fn: 'echo', input: text('b') }]),
    ]);
    expect(own.liveWorkers).toBe(2);
    await own.close();
    expect(own.liveWorkers).toBe(0);
    const [late] = await own.run(probe, [{ fn: 'echo', input: text('c') }]);
    expect(late).toMatchObject({ kind: 'crash', message: expect.stringContaining('aborted') });
  });

  it('abort() resolves a running call as crash and keeps the results already reported', async () => {
    const own = new Supervisor({ workers: 1 });
    const before = own.run(hostile('loop_forever'), [{ fn: 'noop', input: text('') }]);
    expect((await before)[0]?.kind).toBe('ok');
    const noops = Array.from({ length: 300 }, () => ({ fn: 'noop', input: text('') }));
    const pending = own.run(hostile('loop_forever'), [...noops, { fn: 'run', input: text(''), timeoutMs: 60_000 }, { fn: 'noop', input: text('') }]);
    // Wait until the runaway call is under way, then interrupt.
    await until(() => own.activeCalls().some((c) => c.index === 300 && c.fn === 'run'));
    own.abort('SIGINT');
    const results = await pending;
    // Results are sent before every fresh instance, so nothing finished is lost.
    expect(results.slice(0, 300).every((r) => r.kind === 'ok')).toBe(true);
    expect(results.slice(300).map((r) => [r.kind, r.kind !== 'ok' && r.message])).toEqual([
      ['crash', 'aborted: SIGINT'],
      ['crash', 'aborted: SIGINT'],
    ]);
    await own.close();
    expect(own.liveWorkers).toBe(0);
  });
});

describe('Supervisor.lease', () => {
  const supervisor = new Supervisor({ workers: 1 });
  afterAll(() => supervisor.close());
  const count = (results: CallResult[]) => results.map((r) => (r.kind === 'ok' ? r.output[0] : r.kind));

  it('keeps its instance across run()s and starts over after fresh: true', async () => {
    const lease = supervisor.lease(probe);
    expect(count(await lease.run([{ fn: 'counter', input: text('') }]))).toEqual([1]);
    expect(count(await lease.run([{ fn: 'counter', input: text('') }, { fn: 'counter', input: text('') }]))).toEqual([2, 3]);
    expect(count(await lease.run([{ fn: 'counter', input: text(''), fresh: true }]))).toEqual([1]);
    await lease.close();
    // The worker is back in the pool: ordinary runs use it again, with fresh instances.
    expect(count(await supervisor.run(probe, [{ fn: 'counter', input: text('') }]))).toEqual([1]);
    const again = supervisor.lease(probe);
    expect(count(await again.run([{ fn: 'counter', input: text('') }]))).toEqual([1]);
    await again.close();
  });

  it('loses the instance with a timed-out call and carries on with a new one', async () => {
    const lease = supervisor.lease(hostile('loop_forever'));
    try {
      const results = await lease.run([
        { fn: 'noop', input: text('') },
        { fn: 'run', input: text(''), timeoutMs: 200 },
        { fn: 'noop', input: text('') },
      ]);
      expect(results.map((r) => r.kind)).toEqual(['ok', 'timeout', 'ok']);
    } finally {
      await lease.close();
    }
    expect(supervisor.liveWorkers).toBe(1);
  });

  it('runs its batches one at a time, in order', async () => {
    const lease = supervisor.lease(probe);
    try {
      const runs = await Promise.all([1, 2, 3].map(() => lease.run([{ fn: 'counter', input: text('') }])));
      expect(runs.map(count)).toEqual([[1], [2], [3]]);
    } finally {
      await lease.close();
    }
  });
});
