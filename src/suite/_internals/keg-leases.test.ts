import { describe, expect, it } from 'vitest';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import { taskPool } from '../../_internals/task-pool.js';
import { KegLeases, type LeasedItem } from './keg-leases.js';

function plugin(name: string): KegPlugin {
  return { name, type: 't', dir: `/k/${name}`, wasmPath: undefined, metadata: {}, hasSources: false, imports: [], exports: [] };
}

function keg(name: string, plugins: string[], onDispose: () => void = () => undefined): Keg {
  return { source: name, root: `/k/${name}`, kind: 'folder', name, version: '1', manifestFile: `/k/${name}/keg.toml`, plugins: plugins.map(plugin), findings: [], dispose: async () => onDispose() };
}

/** Targets of `kegs` kegs with `per` plugins each, loaded by `open`; counts what is held. */
function store(kegs: number, per: number): { items: LeasedItem[]; opened: string[]; held: () => number; maxHeld: () => number; disposed: string[] } {
  const opened: string[] = [];
  const disposed: string[] = [];
  let held = 0;
  let maxHeld = 0;
  const items: LeasedItem[] = [];
  for (let k = 0; k < kegs; k += 1) {
    const names = Array.from({ length: per }, (_, p) => `p${p}`);
    const outline = keg(`keg${k}`, names);
    const target = {
      keg: outline,
      open: async (): Promise<Keg> => {
        opened.push(outline.name);
        held += 1;
        maxHeld = Math.max(maxHeld, held);
        await new Promise((r) => setTimeout(r, 1));
        return keg(outline.name, names, () => {
          held -= 1;
          disposed.push(outline.name);
        });
      },
    };
    for (const p of outline.plugins) items.push({ target, keg: outline, plugin: p });
  }
  return { items, opened, disposed, held: () => held, maxHeld: () => maxHeld };
}

describe('KegLeases', () => {
  it('opens each keg once, for all of its plugins, and disposes it after the last; at most the lanes plus the look-ahead are held', async () => {
    const s = store(20, 2);
    const leases = new KegLeases(s.items, 2);
    const ran: string[] = [];
    await taskPool(s.items.length, 2, async (i) => {
      const { keg: loaded, plugin: p } = await leases.acquire(i);
      // The keg run is the loaded one, not the outline, with the planned plugin.
      expect(loaded).not.toBe(s.items[i]?.keg);
      expect(p.name).toBe(s.items[i]?.plugin.name);
      await new Promise((r) => setTimeout(r, 2));
      ran.push(`${loaded.name}:${p.name}`);
      await leases.release(i);
    });
    await leases.close();
    expect(s.opened).toEqual(Array.from({ length: 20 }, (_, k) => `keg${k}`));
    expect([...s.disposed].sort()).toEqual([...s.opened].sort());
    expect(s.held()).toBe(0);
    expect(ran).toHaveLength(40);
    // Two lanes, each keg shared by its two items, plus two kegs ahead.
    expect(s.maxHeld()).toBeLessThanOrEqual(2 + 2);
    expect(s.maxHeld()).toBeGreaterThanOrEqual(2);
  });

  it('runs a target without open as it is, and never disposes it', async () => {
    let disposed = false;
    const plain = keg('plain', ['main'], () => (disposed = true));
    const item: LeasedItem = { target: {}, keg: plain, plugin: plain.plugins[0] as KegPlugin };
    const leases = new KegLeases([item], 3);
    const got = await leases.acquire(0);
    expect(got.keg).toBe(plain);
    expect(got.plugin).toBe(plain.plugins[0]);
    await leases.release(0);
    await leases.close();
    expect(disposed).toBe(false);
  });

  it('close() disposes the kegs a run that stopped early still held, those loaded ahead included', async () => {
    const s = store(6, 1);
    const leases = new KegLeases(s.items, 3);
    await leases.acquire(0);
    // Item 0 never released (its check threw); items 1-3 were loaded ahead.
    await new Promise((r) => setTimeout(r, 10));
    expect(s.opened).toEqual(['keg0', 'keg1', 'keg2', 'keg3']);
    await leases.close();
    expect(s.held()).toBe(0);
    expect([...s.disposed].sort()).toEqual(['keg0', 'keg1', 'keg2', 'keg3']);
  });

  it('a keg that fails to load fails its own item (not the one that loaded it ahead), with the load error', async () => {
    const good = keg('good', ['main']);
    const bad = keg('bad', ['main']);
    const failure = Object.assign(new Error('gone'), { code: 'keg-not-found' });
    const items: LeasedItem[] = [
      { target: { open: async () => keg('good', ['main']) }, keg: good, plugin: good.plugins[0] as KegPlugin },
      { target: { open: () => Promise.reject(failure) }, keg: bad, plugin: bad.plugins[0] as KegPlugin },
    ];
    const leases = new KegLeases(items, 1);
    await expect(leases.acquire(0)).resolves.toMatchObject({ keg: { name: 'good' } });
    await expect(leases.acquire(1)).rejects.toBe(failure);
    await leases.close();
  });

  it('a keg whose planned plugin is gone when loaded on its turn fails with plugin-not-found', async () => {
    const outline = keg('changed', ['a', 'b']);
    const items: LeasedItem[] = [{ target: { open: async () => keg('changed', ['a']) }, keg: outline, plugin: outline.plugins[1] as KegPlugin }];
    const leases = new KegLeases(items, 1);
    await expect(leases.acquire(0)).rejects.toMatchObject({ code: 'plugin-not-found' });
    await leases.close();
  });
});
