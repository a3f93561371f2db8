import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_FIXTURES } from './_internals/fixture-specs.js';
import { PluginCallError } from './plugin-call-error.js';
import { PluginLoader } from './plugin-loader.js';

// The seed's example, in TypeScript.
class VowelCountPlugin extends PluginLoader {
  static override readonly pluginType = 'kegs.testing.vowelcounter';

  async countVowels(text: string): Promise<number> {
    const out = await this.call('count_vowels', text);
    return (JSON.parse(new TextDecoder().decode(out)) as { count: number }).count;
  }
}

class ProbePlugin extends PluginLoader {
  static override readonly pluginType = 'kegs.testing.probe';
}

class Untyped extends PluginLoader {}

const probeKeg = `${HOSTILE_FIXTURES}probe-keg`;
const hostileKeg = `${HOSTILE_FIXTURES}hostile-keg`;

describe('PluginLoader', () => {
  const open: PluginLoader[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });

  it('loads package:plugin and calls through a typed method (the seed example)', async () => {
    const plugin = await VowelCountPlugin.load(`${probeKeg}:count_vowels`, {});
    open.push(plugin);
    expect(plugin).toBeInstanceOf(VowelCountPlugin);
    expect(await plugin.countVowels('hello')).toBe(2);
    expect(await plugin.countVowels('AEIOU and y')).toBe(6);
    expect(plugin.plugin.type).toBe('kegs.testing.vowelcounter');
  });

  it('refuses a plugin of another type with "Plugin type mismatch" naming both types', async () => {
    const failure = await VowelCountPlugin.load(`${probeKeg}:probe`).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'plugin-type-mismatch' });
    expect(String((failure as Error).message)).toMatch(/Plugin type mismatch.*"kegs\.testing\.probe".*"kegs\.testing\.vowelcounter"/);
  });

  it('refuses a loader class without pluginType', async () => {
    await expect(Untyped.load(`${probeKeg}:probe`)).rejects.toMatchObject({ code: 'plugin-type-missing' });
  });

  it('reports an unknown package or plugin with the store’s codes', async () => {
    await expect(ProbePlugin.load(`${probeKeg}:nope`)).rejects.toMatchObject({ code: 'plugin-not-found' });
    await expect(ProbePlugin.load(`${probeKeg}-missing:probe`)).rejects.toMatchObject({ code: 'package-not-found' });
  });

  it('passes config through and turns failed calls into PluginCallError with the kind', async () => {
    const plugin = await ProbePlugin.load(`${probeKeg}:probe`, { config: { greeting: 'hej' } });
    open.push(plugin);
    expect(new TextDecoder().decode(await plugin.call('config'))).toBe('hej');
    const failure = await plugin.call('plugin_error').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PluginCallError);
    expect(failure).toMatchObject({ kind: 'plugin-error', code: 'plugin-plugin-error' });
  });

  it('keeps one instance across calls, as the reference host does', async () => {
    const plugin = await ProbePlugin.load(`${probeKeg}:probe`);
    open.push(plugin);
    const counts = [];
    for (let i = 0; i < 3; i += 1) counts.push((await plugin.call('counter'))[0]);
    expect(counts).toEqual([1, 2, 3]);
  });

  it('applies the deadline to calls', async () => {
    class Hostile extends PluginLoader {
      static override readonly pluginType = 'kegs.testing.hostile';
    }
    const plugin = await Hostile.load(`${hostileKeg}:loop_forever`, { timeoutMs: 200 });
    open.push(plugin);
    expect(await plugin.call('noop')).toEqual(new Uint8Array(0));
    await expect(plugin.call('run')).rejects.toMatchObject({ kind: 'timeout' });
    // The instance went down with its worker; the next call gets a new one.
    expect(await plugin.call('noop')).toEqual(new Uint8Array(0));
  });

  it('refuses at load a plugin whose imports nothing provides', async () => {
    class Hostile extends PluginLoader {
      static override readonly pluginType = 'kegs.testing.hostile';
    }
    await expect(Hostile.load(`${hostileKeg}:unknown_import`)).rejects.toMatchObject({
      code: 'link-error',
      message: expect.stringContaining('extism:host/user::launch_missiles'),
    });
  });
});
