import { afterAll, describe, expect, it } from 'vitest';
import { HOSTILE_FIXTURES, decode, fixtureSpec, text } from './_internals/fixture-specs.js';
import { formatPluginEcho, type PluginEcho } from './plugin-echo.js';
import type { CallResult } from './plugin-spec.js';
import { Supervisor } from './supervisor.js';

// What plugins see of the host through a supervised run: kegs host functions,
// suite mocks, config, captured prints/logs, limits, and state across steps.
const probe = fixtureSpec('probe-keg', 'probe');
const mockUser = fixtureSpec('probe-keg', 'mock_user');
const script = (name: string) => `${HOSTILE_FIXTURES}mock-scripts/${name}`;

function outputOf(result: CallResult | undefined): string {
  if (result?.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return decode(result.output);
}

describe('host functions under supervision', () => {
  const supervisor = new Supervisor({ workers: 2 });
  afterAll(() => supervisor.close());

  it('captures keg_print, keg_log (with level names) and the Extism log, per call', async () => {
    const [logged, quiet] = await supervisor.run(probe, [
      { fn: 'print_and_log', input: text('') },
      { fn: 'echo', input: text('x') },
    ]);
    expect(logged?.prints).toEqual(['hello']);
    expect(logged?.logs).toEqual([
      { level: 'info', text: 'info text' },
      { level: 'info', text: 'log via extism' },
    ]);
    expect(logged?.hostCalls).toEqual(['keg_print', 'keg_log']);
    expect(quiet?.prints).toEqual([]);
    expect(quiet?.logs).toEqual([]);
  });

  it('hands prints and logs to onEcho when the spec asks, never to stderr, and still captures them', async () => {
    const echoed: PluginEcho[] = [];
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    const echoing = new Supervisor({ workers: 1, onEcho: (echo) => echoed.push(echo) });
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const [quiet] = await echoing.run(probe, [{ fn: 'print_and_log', input: text('') }]);
      expect(echoed).toEqual([]);
      const [loud] = await echoing.run({ ...probe, echo: true }, [{ fn: 'print_and_log', input: text('') }]);
      expect(echoed).toEqual([
        { plugin: 'probe', text: 'hello' },
        { plugin: 'probe', level: 'info', text: 'info text' },
        { plugin: 'probe', level: 'info', text: 'log via extism' },
      ]);
      expect(echoed.map(formatPluginEcho)).toEqual(['[probe] hello\n', '[probe] info: info text\n', '[probe] info: log via extism\n']);
      expect(loud?.prints).toEqual(quiet?.prints);
      // Without a callback an echoing spec writes nowhere either.
      await supervisor.run({ ...probe, echo: true }, [{ fn: 'print_and_log', input: text('') }]);
    } finally {
      process.stderr.write = original;
      await echoing.close();
    }
    expect(written.filter((line) => line.includes('[probe]'))).toEqual([]);
  });

  it('serves static resources, records every read, and makes a missing one a plugin-visible error', async () => {
    const [own, shared, missing] = await supervisor.run(probe, [
      { fn: 'read_static', input: text('hello.txt') },
      { fn: 'read_static', input: text('shared.txt') },
      { fn: 'read_static', input: text('nope.txt') },
    ]);
    expect(outputOf(own)).toBe("hello from the probe's static folder");
    expect(own?.staticReads).toEqual([{ path: 'hello.txt', outcome: 'ok', resolved: 'plugins/probe/static/hello.txt' }]);
    expect(outputOf(shared)).toBe('shared by every plugin of the keg');
    expect(missing).toMatchObject({ kind: 'plugin-error', message: 'boom' });
    expect(missing?.staticReads[0]?.outcome).toBe('missing');
  });

  it('passes config from the spec, overridable per call', async () => {
    const [fromSpec, fromCall, again] = await supervisor.run({ ...probe, config: { greeting: 'hello' } }, [
      { fn: 'config', input: text('') },
      { fn: 'config', input: text(''), config: { greeting: 'bonjour' } },
      { fn: 'config', input: text('') },
    ]);
    expect([outputOf(fromSpec), outputOf(fromCall), outputOf(again)]).toEqual(['hello', 'bonjour', 'hello']);
    const [unset] = await supervisor.run(probe, [{ fn: 'config', input: text('') }]);
    expect(outputOf(unset)).toBe('');
  });

  it('provides suite-declared host functions: constant and scripted values', async () => {
    const constant = await supervisor.run({ ...mockUser, hostFunctions: [{ name: 'lookup', returns: 'str', value: 'fixed answer' }] }, [
      { fn: 'run', input: text('q') },
    ]);
    expect(outputOf(constant[0])).toBe('fixed answer');
    expect(constant[0]?.hostCalls).toEqual(['lookup']);
    const hex = await supervisor.run({ ...mockUser, hostFunctions: [{ name: 'lookup', returns: 'bin', value: '6f6b' }] }, [{ fn: 'run', input: text('') }]);
    expect(outputOf(hex[0])).toBe('ok');
    const scripted = await supervisor.run({ ...mockUser, hostFunctions: [{ name: 'lookup', returns: 'str', script: script('shout.mjs') }] }, [
      { fn: 'run', input: text('abc'), fresh: false },
      { fn: 'run', input: text('def'), fresh: false },
    ]);
    expect(scripted.map(outputOf)).toEqual(['ABC #1', 'DEF #2']);
  });

  it('links a plugin importing a mock only when the suite declares it', async () => {
    const [unlinked] = await supervisor.run(mockUser, [{ fn: 'run', input: text('') }]);
    expect(unlinked).toMatchObject({ kind: 'link-error', message: expect.stringContaining('extism:host/user::lookup') });
  });

  it('reports a failing mock script as crash naming the host function', async () => {
    const [failed] = await supervisor.run({ ...mockUser, hostFunctions: [{ name: 'lookup', returns: 'str', script: script('throws.mjs') }] }, [
      { fn: 'run', input: text('') },
    ]);
    expect(failed).toMatchObject({ kind: 'crash', message: expect.stringContaining('lookup: script failed: scripted failure') });
  });

  it('a mock script that never returns ends its call as timeout within the call deadline; the next call runs', async () => {
    const began = performance.now();
    const [looped, after] = await supervisor.run({ ...mockUser, hostFunctions: [{ name: 'lookup', returns: 'str', script: script('loops.mjs') }] }, [
      { fn: 'run', input: text(''), timeoutMs: 300 },
      { fn: 'run', input: text(''), timeoutMs: 300 },
    ]);
    expect(looped).toMatchObject({ kind: 'timeout', message: expect.stringContaining('did not finish within 300 ms') });
    expect(after?.kind).toBe('timeout');
    expect(performance.now() - began).toBeLessThan(10_000);
    const [next] = await supervisor.run(probe, [{ fn: 'echo', input: text('next') }]);
    expect(outputOf(next)).toBe('next');
  });

  it('caps the worker heap: a host function hoarding JS objects ends as memory-limit', async () => {
    const spec = { ...mockUser, maxHeapMb: 64, hostFunctions: [{ name: 'lookup', returns: 'str' as const, script: script('exhaust-heap.mjs') }] };
    const [hoard] = await supervisor.run(spec, [{ fn: 'run', input: text(''), timeoutMs: 30_000 }]);
    expect(hoard).toMatchObject({ kind: 'memory-limit', message: expect.stringContaining('64 MiB heap') });
    const [after] = await supervisor.run(probe, [{ fn: 'echo', input: text('next') }]);
    expect(outputOf(after)).toBe('next');
  });

  it('enforces a lowered output limit on the host-side block', async () => {
    const [fits, over] = await supervisor.run({ ...probe, maxOutputBytes: 16 }, [
      { fn: 'echo', input: text('0123456789abcdef') },
      { fn: 'echo', input: text('0123456789abcdefg') },
    ]);
    expect(outputOf(fits)).toBe('0123456789abcdef');
    expect(over?.kind).toBe('output-limit');
  });

  it('marks the stateful steps after a timed-out step as lost, then goes on with fresh calls', async () => {
    const runaway = fixtureSpec('hostile-keg', 'loop_forever');
    const results = await supervisor.run(runaway, [
      { fn: 'noop', input: text('') },
      { fn: 'run', input: text(''), fresh: false, timeoutMs: 200 },
      { fn: 'noop', input: text(''), fresh: false },
      { fn: 'noop', input: text('') },
    ]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'timeout', 'crash', 'ok']);
    expect(results[2]?.kind !== 'ok' && results[2]?.message).toMatch(/stateful sequence was lost/);
  });

  it('runs plugins with WASI enabled when asked', async () => {
    const [withWasi] = await supervisor.run({ ...probe, wasi: true }, [{ fn: 'echo', input: text('wasi on') }]);
    expect(outputOf(withWasi)).toBe('wasi on');
  });
});
