import type { CallContext } from '@extism/extism';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostFunctionMock } from '../plugin-spec.js';
import { emptyCapture } from './call-capture.js';
import { HOSTILE_FIXTURES, decode, fixtureSpec, text } from './fixture-specs.js';
import { mockHostFunctions } from './mock-host-functions.js';
import { PluginSession } from './plugin-session.js';

const script = (name: string) => `${HOSTILE_FIXTURES}mock-scripts/${name}`;

describe('suite-declared host functions', () => {
  const sessions: PluginSession[] = [];
  const lookup = async (mock: Omit<HostFunctionMock, 'name'>, input = 'q') => {
    const session = await PluginSession.open(fixtureSpec('probe-keg', 'mock_user', { hostFunctions: [{ name: 'lookup', ...mock }] }));
    sessions.push(session);
    return (await session.call({ fn: 'run', input: text(input) })).outcome;
  };
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('hands a str or bin value to the plugin through Extism memory', async () => {
    const str = await lookup({ returns: 'str', value: 'answer' });
    expect(str.kind === 'ok' && decode(str.output)).toBe('answer');
    const bin = await lookup({ returns: 'bin', value: '68 69' });
    expect(bin.kind === 'ok' && decode(bin.output)).toBe('hi');
  });

  it('stores an empty string as an empty block (the SDK refuses store(""))', async () => {
    const empty = await lookup({ returns: 'str', value: '' });
    expect(empty).toEqual({ kind: 'ok', output: new Uint8Array(0) });
  });

  it('computes a scripted value from the input and the call count', async () => {
    const scripted = await lookup({ returns: 'str', script: script('shout.mjs') }, 'abc');
    expect(scripted.kind === 'ok' && decode(scripted.output)).toBe('ABC #1');
  });

  it('turns bad mock definitions into crash results naming the function', async () => {
    expect(await lookup({ returns: 'bin', value: 'xyz' })).toMatchObject({ kind: 'crash', message: expect.stringContaining('lookup: bin value "xyz" is not hex') });
    expect(await lookup({ returns: 'str', script: script('no-such-script.mjs') })).toMatchObject({ kind: 'crash' });
    expect(await lookup({ returns: 'str', script: script('../probe-keg/keg.toml') })).toMatchObject({ kind: 'crash' });
  });

  it('converts constants to what wasm expects for i64, f32 and none', async () => {
    // Scalar conversions never touch Extism memory, so no context is needed for them.
    const noContext = {} as CallContext;
    const fns = await mockHostFunctions(
      [
        { name: 'n', returns: 'i64', value: '-9007199254740993' },
        { name: 'b', returns: 'i64', value: true },
        { name: 'f', returns: 'i64', value: 2.9 },
        { name: 'x', returns: 'f32', value: '1.5' },
        { name: 'v', returns: 'none', value: 'ignored' },
        { name: 'bad', returns: 'i64', value: 'twelve' },
      ],
      emptyCapture,
    );
    expect(fns['n']?.(noContext)).toBe(-9007199254740993n);
    expect(fns['b']?.(noContext)).toBe(1n);
    expect(fns['f']?.(noContext)).toBe(2n);
    expect(fns['x']?.(noContext)).toBe(1.5);
    expect(fns['v']?.(noContext)).toBeUndefined();
    expect(() => fns['bad']?.(noContext)).toThrow(/"twelve" is not an i64/);
  });
});
