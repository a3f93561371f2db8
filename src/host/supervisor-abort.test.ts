import { getEventListeners } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKegcheckError } from '../kegcheck-error.js';
import { fixtureSpec, text } from './_internals/fixture-specs.js';
import { Supervisor } from './supervisor.js';

const runaway = fixtureSpec('hostile-keg', 'loop_forever');
const probe = fixtureSpec('probe-keg', 'probe');
const none = text('');

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The rejection of `pending`, which must reject. */
async function rejection(pending: Promise<unknown>): Promise<unknown> {
  try {
    await pending;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function codeOf(error: unknown): string | undefined {
  return isKegcheckError(error) ? error.code : undefined;
}

// Where allowed_paths copies of this process live (src/host/allowed-path-copies.ts).
const copyRoot = join(tmpdir(), `kegcheck-paths-${process.pid}`);
const copiesLeft = (): string[] => (existsSync(copyRoot) ? readdirSync(copyRoot) : []);

describe('Supervisor with an AbortSignal', () => {
  const data = mkdtempSync(join(tmpdir(), 'kegcheck-abort-data-'));
  writeFileSync(join(data, 'file.txt'), 'copied per instance');
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('stops the worker of a looping call at once, rejects with aborted, and leaves no worker or copy behind', async () => {
    const own = new Supervisor({ workers: 1 });
    try {
      const controller = new AbortController();
      const spec = { ...runaway, wasi: true, allowedPaths: { '/data': data } };
      const pending = own.run(spec, [
        { fn: 'noop', input: none },
        { fn: 'run', input: none, timeoutMs: 60_000 },
        { fn: 'noop', input: none },
      ], { signal: controller.signal });
      // The call is marked active before its fresh instance's copies are made: wait for both.
      await until(() => own.activeCalls().some((c) => c.fn === 'run') && copiesLeft().length > 0);
      const started = performance.now();
      controller.abort(new Error('user pressed stop'));
      const error = await rejection(pending);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(codeOf(error)).toBe('aborted');
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(own.liveWorkers).toBe(0);
      expect(own.activeCalls()).toEqual([]);
      expect(copiesLeft()).toEqual([]);
      // The supervisor itself is not stopped: the next run gets a new worker.
      const [after] = await own.run(probe, [{ fn: 'echo', input: text('still here') }]);
      expect(after?.kind).toBe('ok');
    } finally {
      await own.close();
    }
  });

  it('puts one listener on a signal shared by many concurrent runs (no MaxListeners warning on stderr)', async () => {
    const own = new Supervisor({ workers: 2 });
    const controller = new AbortController();
    try {
      const runs = Array.from({ length: 16 }, () => own.run(probe, [{ fn: 'echo', input: text('x') }], { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
      expect((await Promise.all(runs)).map(([r]) => r?.kind)).toEqual(Array.from({ length: 16 }, () => 'ok'));
    } finally {
      await own.close();
    }
  });

  it('rejects without starting a worker when the signal is already aborted', async () => {
    const own = new Supervisor({ workers: 1 });
    const error = await rejection(own.run(probe, [{ fn: 'echo', input: none }], { signal: AbortSignal.abort() }));
    expect(codeOf(error)).toBe('aborted');
    expect(own.liveWorkers).toBe(0);
    await own.close();
  });

  it('rejects a run that is waiting for a worker held by a lease', async () => {
    const own = new Supervisor({ workers: 1 });
    const lease = own.lease(probe);
    try {
      await lease.run([{ fn: 'echo', input: none }]);
      const controller = new AbortController();
      const waiting = own.run(probe, [{ fn: 'echo', input: none }], { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      expect(codeOf(await rejection(waiting))).toBe('aborted');
      // The lease still has its worker and its instance.
      const [again] = await lease.run([{ fn: 'echo', input: text('x') }]);
      expect(again?.kind).toBe('ok');
    } finally {
      await lease.close();
      await own.close();
    }
  });

  it('aborts a lease: the running call rejects, its worker goes, later runs reject, close() still works', async () => {
    const own = new Supervisor({ workers: 1 });
    const controller = new AbortController();
    const lease = own.lease(runaway, { signal: controller.signal });
    expect((await lease.run([{ fn: 'noop', input: none }]))[0]?.kind).toBe('ok');
    const pending = lease.run([{ fn: 'run', input: none, timeoutMs: 60_000 }]);
    await until(() => own.activeCalls().some((c) => c.fn === 'run'));
    controller.abort();
    expect(codeOf(await rejection(pending))).toBe('aborted');
    expect(own.liveWorkers).toBe(0);
    expect(codeOf(await rejection(lease.run([{ fn: 'noop', input: none }])))).toBe('aborted');
    await lease.close();
    await own.close();
  });

  it('stops an idle lease\'s worker when its signal aborts between runs', async () => {
    const own = new Supervisor({ workers: 1 });
    const controller = new AbortController();
    const lease = own.lease(probe, { signal: controller.signal });
    await lease.run([{ fn: 'echo', input: none }]);
    expect(own.liveWorkers).toBe(1);
    controller.abort();
    expect(own.liveWorkers).toBe(0);
    await lease.close();
    await own.close();
  });

  it('leaves abort() as it was: a stopped supervisor resolves with crash results even for a run with a signal', async () => {
    const own = new Supervisor({ workers: 1 });
    const controller = new AbortController();
    const pending = own.run(runaway, [{ fn: 'noop', input: none }, { fn: 'run', input: none, timeoutMs: 60_000 }], { signal: controller.signal });
    await until(() => own.activeCalls().some((c) => c.fn === 'run'));
    own.abort('interrupted');
    controller.abort();
    const results = await pending;
    expect(results.map((r) => (r.kind === 'ok' ? 'ok' : `${r.kind}: ${r.message}`))).toEqual(['ok', 'crash: aborted: interrupted']);
    await own.close();
  });
});
