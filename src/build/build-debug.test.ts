// `kegcheck build --debug`: plugin.debug.wasm with what --coverage maps to
// lines, built from copies of the coverage fixtures' sources.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWasmLayout } from '../host/_internals/coverage/wasm-layout.js';
import { buildPlugin } from './build-plugin.js';
import { rustPresence } from './_internals/toolchain-presence.js';

const rust = await rustPresence();

const FIXTURES = fileURLToPath(new URL('../../fixtures/coverage/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-build-debug-'));
  for (const lang of ['wat', 'as', 'rust']) await cp(join(FIXTURES, `cov_${lang}`, 'plugins', 'branchy', 'src'), join(dir, lang, 'src'), { recursive: true, filter: (p) => !p.includes('/target') });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildPlugin({ debug: true })', () => {
  it('WAT: plugin.debug.wasm with a name section', async () => {
    const outcome = await buildPlugin(join(dir, 'wat'), { debug: true });
    expect(outcome.wasmPath).toBe(join(dir, 'wat', 'plugin.debug.wasm'));
    expect(readWasmLayout(await readFile(outcome.wasmPath)).custom.has('name')).toBe(true);
  });

  it('a debug build has its own fingerprint: plugin.wasm and plugin.build.json are left alone, a second build is up to date', async () => {
    const pluginDir = join(dir, 'wat');
    const first = await buildPlugin(pluginDir, { debug: true, force: true });
    expect(first.status).toBe('built');
    const fingerprint = JSON.parse(await readFile(join(pluginDir, 'plugin.debug.build.json'), 'utf8')) as { wasm: { bytes: number } };
    expect(fingerprint.wasm.bytes).toBe(first.bytes);
    expect(existsSync(join(pluginDir, 'plugin.wasm'))).toBe(false);
    expect(existsSync(join(pluginDir, 'plugin.build.json'))).toBe(false);
    expect((await buildPlugin(pluginDir, { debug: true })).status).toBe('up-to-date');
    // The release build's fingerprint does not vouch for the debug build, nor the other way round.
    expect((await buildPlugin(pluginDir)).status).toBe('built');
    await writeFile(join(pluginDir, 'plugin.debug.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    const rebuilt = await buildPlugin(pluginDir, { debug: true });
    expect(rebuilt).toMatchObject({ status: 'built', reason: 'plugin.debug.wasm is not the one plugin.debug.build.json records' });
  });

  it('AssemblyScript: a source map beside it, sources relative to the map', async () => {
    const outcome = await buildPlugin(join(dir, 'as'), { debug: true });
    const layout = readWasmLayout(await readFile(outcome.wasmPath));
    expect(new TextDecoder().decode(layout.custom.get('sourceMappingURL')?.subarray(1))).toBe('plugin.debug.wasm.map');
    const map = JSON.parse(await readFile(join(dir, 'as', 'plugin.debug.wasm.map'), 'utf8')) as { sources: string[]; sourceRoot: string };
    expect(map.sourceRoot).toBe('');
    expect(map.sources).toContain('src/assemblyscript/index.ts');
  });

  it.skipIf(!rust.present)(`Rust: DWARF line tables only${rust.note}`, async () => {
    const outcome = await buildPlugin(join(dir, 'rust'), { debug: true });
    const sections = [...readWasmLayout(await readFile(outcome.wasmPath)).custom.keys()];
    expect(sections).toContain('.debug_line');
    expect(sections.filter((s) => s.startsWith('.debug_'))).toEqual(['.debug_line']);
    expect(outcome.bytes).toBeLessThan(1_000_000);
  }, 120_000);
});
