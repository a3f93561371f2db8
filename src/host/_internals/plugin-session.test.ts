import { afterAll, describe, expect, it } from 'vitest';
import { HOSTILE_FIXTURES, decode, fixtureSpec, text } from './fixture-specs.js';
import { PluginSession } from './plugin-session.js';

// The session is what each worker runs; here it runs in-process, without
// deadlines, so each outcome's classification is checked at its source.
describe('PluginSession', () => {
  const sessions: PluginSession[] = [];
  const open = async (...args: Parameters<typeof fixtureSpec>) => {
    const session = await PluginSession.open(fixtureSpec(...args));
    sessions.push(session);
    return session;
  };
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('warms the SDK up on an empty module, alongside a session that opens meanwhile', async () => {
    const [, probe] = await Promise.all([PluginSession.warmUp(), open('probe-keg', 'probe')]);
    const echoed = await probe.call({ fn: 'echo', input: text('after warm-up') });
    expect(echoed.outcome.kind === 'ok' && decode(echoed.outcome.output)).toBe('after warm-up');
  });

  it('returns outputs and captures per call', async () => {
    const probe = await open('probe-keg', 'probe');
    const echoed = await probe.call({ fn: 'echo', input: text('round trip') });
    expect(echoed.outcome.kind === 'ok' && decode(echoed.outcome.output)).toBe('round trip');
    const logged = await probe.call({ fn: 'print_and_log', input: text('') });
    expect(logged.capture.prints).toEqual(['hello']);
    expect(logged.capture.hostCalls).toEqual(['keg_print', 'keg_log']);
    expect(echoed.capture.prints).toEqual([]);
    // A call that captured nothing shares one capture that nobody can write to.
    expect(Object.isFrozen(echoed.capture.prints)).toBe(true);
    expect(logged.capture).not.toBe(echoed.capture);
    // The SDK adopts a Uint8Array's whole buffer; a view must arrive as just its bytes.
    const view = await probe.call({ fn: 'echo', input: text('<<inner>>').subarray(2, 7) });
    expect(view.outcome.kind === 'ok' && decode(view.outcome.output)).toBe('inner');
    // Inputs of one length share the session's buffer: each call must still see its own bytes.
    const again = await probe.call({ fn: 'echo', input: text('outer'), fresh: false });
    expect(again.outcome.kind === 'ok' && decode(again.outcome.output)).toBe('outer');
  });

  it('classifies error_set, return codes, missing exports', async () => {
    const probe = await open('probe-keg', 'probe');
    expect((await probe.call({ fn: 'plugin_error', input: text('') })).outcome).toEqual({ kind: 'plugin-error', message: 'boom' });
    expect((await probe.call({ fn: 'exit_code', input: text('') })).outcome).toMatchObject({ kind: 'exit-code', exitCode: 3 });
    expect((await probe.call({ fn: 'nope', input: text('') })).outcome.kind).toBe('missing-export');
  });

  it('keeps an instance across fresh: false calls and starts over otherwise', async () => {
    const probe = await open('probe-keg', 'probe');
    const counts: unknown[] = [];
    for (const fresh of [true, false, false, true]) {
      const { outcome } = await probe.call({ fn: 'counter', input: text(''), fresh });
      counts.push(outcome.kind === 'ok' ? outcome.output[0] : outcome.kind);
    }
    expect(counts).toEqual([1, 2, 3, 1]);
  });

  it('survives more calls on one instance than the SDK has block addresses for', async () => {
    const probe = await open('probe-keg', 'probe');
    let last;
    for (let i = 0; i < 20_000; i += 1) {
      last = await probe.call({ fn: 'echo', input: text('x'), fresh: i === 0 });
      if (last.outcome.kind !== 'ok') break;
    }
    expect(last?.outcome.kind).toBe('ok');
  });

  it.each([
    ['trap', 'run', 'trap'],
    ['grow_memory', 'run', 'memory-limit'],
    ['hoard', 'run', 'memory-limit'],
    ['huge_output', 'run', 'output-limit'],
    ['unknown_import', 'run', 'link-error'],
    ['init_trap', 'run', 'init-failed'],
  ])('hostile %s ends as %s', async (plugin, fn, kind) => {
    const session = await open('hostile-keg', plugin);
    expect((await session.call({ fn, input: text('') })).outcome.kind).toBe(kind);
  });

  it('keeps the capture of a print flood bounded', async () => {
    const session = await open('hostile-keg', 'print_flood');
    const { outcome, capture } = await session.call({ fn: 'run', input: text('') });
    expect(outcome.kind).toBe('ok');
    expect(capture.prints).toHaveLength(1001);
    expect(capture.prints[0]).toBe('!');
    expect(capture.prints[1000]).toMatch(/more than 1000 prints/);
  });

  it('reports an unreadable wasm as init-failed for every call', async () => {
    const session = await PluginSession.open({ wasmPath: `${HOSTILE_FIXTURES}nowhere/plugin.wasm`, pluginDir: HOSTILE_FIXTURES, kegRoot: HOSTILE_FIXTURES });
    const first = await session.call({ fn: 'run', input: text('') });
    expect(first.outcome).toMatchObject({ kind: 'init-failed', message: expect.stringContaining('cannot load') });
    expect((await session.call({ fn: 'run', input: text('') })).outcome.kind).toBe('init-failed');
  });

  it('reports a memory that starts above the cap as memory-limit', async () => {
    const session = await open('probe-keg', 'probe', { maxMemoryPages: 0 });
    expect((await session.call({ fn: 'echo', input: text('') })).outcome.kind).toBe('memory-limit');
  });
});

describe('PluginSession static resources', () => {
  it('serves keg_get_static_resource in-process and records the read', async () => {
    const session = await PluginSession.open(fixtureSpec('probe-keg', 'probe'));
    try {
      const { outcome, capture } = await session.call({ fn: 'read_static', input: text('shared.txt') });
      expect(outcome.kind === 'ok' && decode(outcome.output)).toBe('shared by every plugin of the keg');
      expect(capture.staticReads).toEqual([{ path: 'shared.txt', outcome: 'ok', resolved: 'static/shared.txt' }]);
      const legacy = await session.call({ fn: 'read_static_legacy', input: text('hello.txt') });
      expect(legacy.outcome.kind === 'ok' && decode(legacy.outcome.output)).toBe("hello from the probe's static folder");
      const refused = await session.call({ fn: 'read_static', input: text('/etc/passwd') });
      expect(refused.outcome.kind).toBe('plugin-error');
      expect(refused.capture.staticReads[0]?.outcome).toBe('refused');
    } finally {
      await session.close();
    }
  });
});

describe('the compiled-module cache', () => {
  it('keeps the most recently used modules within its byte budget, and recompiles an evicted one', async () => {
    const { copyFile, mkdtemp, rm, stat } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { moduleCacheStats, setModuleCacheBudget } = await import('./plugin-session.js');
    const spec = fixtureSpec('probe-keg', 'probe');
    const dir = await mkdtemp(join(tmpdir(), 'kegcheck-module-cache-'));
    const size = (await stat(spec.wasmPath)).size;
    const previous = setModuleCacheBudget(2 * size);
    try {
      const copies: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const path = join(dir, `copy-${i}.wasm`);
        await copyFile(spec.wasmPath, path);
        copies.push(path);
      }
      for (const wasmPath of copies) {
        const session = await PluginSession.open({ ...spec, wasmPath });
        const echoed = await session.call({ fn: 'echo', input: text('x') });
        expect(echoed.outcome.kind).toBe('ok');
        await session.close();
        // Five distinct modules went through; never more than the budget holds.
        expect(moduleCacheStats().bytes).toBeLessThanOrEqual(2 * size);
      }
      expect(moduleCacheStats().modules).toBeLessThanOrEqual(2);
      const first = await PluginSession.open({ ...spec, wasmPath: copies[0] as string });
      expect((await first.call({ fn: 'echo', input: text('again') })).outcome.kind).toBe('ok');
      await first.close();
    } finally {
      setModuleCacheBudget(previous);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
