import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRequest } from '../../host/plugin-spec.js';
import { Supervisor } from '../../host/supervisor.js';
import { scratchRoot, type ScratchRoot } from '../__fixtures__/scratch-kegs.js';
import type { CallablePlugin } from './plugin-context.js';
import { prefetchingPlugin } from './prefetching-plugin.js';

let root: ScratchRoot;
let supervisor: Supervisor;
let base: CallablePlugin;
let live = 0;

beforeAll(async () => {
  root = await scratchRoot();
  const keg = await root.keg('prefetch', [{ name: 'multi', type: 't', wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
  supervisor = new Supervisor({ workers: 2 });
  const spec = { wasmPath: `${keg}/plugins/multi/plugin.wasm`, pluginDir: `${keg}/plugins/multi`, kegRoot: keg };
  base = {
    spec,
    async call(calls) {
      live += calls.length;
      return supervisor.run(spec, calls);
    },
  };
});
afterAll(async () => {
  await supervisor.close();
  await root.dispose();
});

const echo = (text: string): CallRequest[] => [{ fn: 'echo', input: new TextEncoder().encode(text) }];
const text = (r: { kind: string; output?: Uint8Array } | undefined): string => (r?.kind === 'ok' && r.output !== undefined ? new TextDecoder().decode(r.output) : `not ok: ${r?.kind}`);

describe('prefetchingPlugin', () => {
  it('answers each call list with its own prefetched result, in any order, without calling again', async () => {
    const plugin = prefetchingPlugin(base, 2);
    const inputs = Array.from({ length: 9 }, (_, i) => `input ${i}`);
    await plugin.prefetch(inputs.map(echo));
    const before = live;
    for (const i of [5, 0, 8, 3, 1, 7, 2, 6, 4]) expect(text((await plugin.call(echo(inputs[i] ?? '')))[0])).toBe(`input ${i}`);
    expect(live).toBe(before);
  });

  it('keeps one answer per prefetched duplicate, then calls live; stateful lists stay apart from single calls', async () => {
    const plugin = prefetchingPlugin(base, 2);
    const counter: CallRequest[] = [{ fn: 'counter', input: new Uint8Array() }, { fn: 'counter', input: new Uint8Array(), fresh: false }];
    await plugin.prefetch([echo('same'), echo('same'), counter]);
    const before = live;
    expect(text((await plugin.call(echo('same')))[0])).toBe('same');
    expect(text((await plugin.call(echo('same')))[0])).toBe('same');
    expect(live).toBe(before);
    expect(text((await plugin.call(echo('same')))[0])).toBe('same');
    expect(live).toBe(before + 1);
    expect((await plugin.call(counter)).map(text)).toEqual(['1', '2']);
    expect(live).toBe(before + 1);
    expect((await plugin.call([{ fn: 'counter', input: new Uint8Array() }])).map(text)).toEqual(['1']);
    expect(live).toBe(before + 2);
  });
});
