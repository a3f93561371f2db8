import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import createPlugin from '@extism/extism';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKeg, type PluginBuildResult } from './build-keg.js';
import { makeTempDir } from './_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg, type SampleSource } from './_internals/sample-keg.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('build');
});
afterEach(async () => {
  await temp.cleanup();
});

async function callEcho(wasmPath: string, input: string): Promise<string | undefined> {
  const plugin = await createPlugin({ wasm: [{ data: await readFile(wasmPath) }] }, { useWasi: false });
  try {
    return (await plugin.call('echo', input))?.text();
  } finally {
    await plugin.close();
  }
}

function only(results: readonly PluginBuildResult[]): PluginBuildResult {
  expect(results).toHaveLength(1);
  return results[0] as PluginBuildResult;
}

const rustReady = existsSync('/usr/bin/cargo') && existsSync('/usr/lib/rustlib/wasm32-unknown-unknown');
if (!rustReady) {
  process.stderr.write('SKIPPED: Rust build tests need Debian rustc cargo libstd-rust-dev-wasm32 (.ci/run installs them)\n');
}

describe('buildKeg', () => {
  const kinds: { kind: SampleSource; skip: boolean; compiler: RegExp }[] = [
    { kind: 'wat', skip: false, compiler: /wabt/ },
    { kind: 'assemblyscript', skip: false, compiler: /^asc \d/ },
    { kind: 'rust', skip: !rustReady, compiler: /^cargo \d.*rustc/ },
  ];
  for (const { kind, skip, compiler } of kinds) {
    it.skipIf(skip)(`compiles a ${kind} plugin into a plugin.wasm that the Extism SDK can call`, async () => {
      const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources(kind) }]);
      const result = await buildKeg(kegDir);
      const outcome = only(result.plugins);
      expect(outcome).toMatchObject({ plugin: 'echo', status: 'built', toolchain: kind });
      if (outcome.status !== 'built') return;
      expect(outcome.compiler).toMatch(compiler);
      expect(await callEcho(outcome.wasmPath, `héllo ${kind}`)).toBe(`héllo ${kind}`);
      if (kind === 'rust') {
        // Release without debug info: an unstripped build is megabytes.
        expect(outcome.bytes).toBeLessThan(200_000);
      }
      // No temp file left beside the module.
      expect((await readdir(join(kegDir, 'plugins/echo'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('skips a plugin whose plugin.wasm is newer than its sources, and rebuilds with force', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }]);
    expect(only((await buildKeg(kegDir)).plugins).status).toBe('built');
    const wasm = join(kegDir, 'plugins/echo/plugin.wasm');
    const future = new Date(Date.now() + 60_000);
    await utimes(wasm, future, future);
    expect(only((await buildKeg(kegDir)).plugins).status).toBe('up-to-date');
    expect(only((await buildKeg(kegDir, { force: true })).plugins).status).toBe('built');
  });

  it('reports a plugin without sources as no-sources and leaves its plugin.wasm alone', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'prebuilt', files: { 'plugin.wasm': new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) } }]);
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'no-sources', toolchain: undefined });
    expect([...(await readFile(join(kegDir, 'plugins/prebuilt/plugin.wasm')))]).toEqual([0, 97, 115, 109, 1, 0, 0, 0]);
  });

  it('shows a WAT compile error verbatim with line and column, and keeps building the other plugins', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [
      { name: 'broken', files: { 'src/wat/broken.wat': '(module\n  (func (result i32) i32.const))\n' } },
      { name: 'fine', files: echoSources('wat') },
    ]);
    const [broken, fine] = (await buildKeg(kegDir)).plugins;
    expect(broken).toMatchObject({ plugin: 'broken', status: 'failed', code: 'build-compile' });
    expect(broken?.status === 'failed' ? broken.message : '').toMatch(/broken\.wat:2:\d+: error: unexpected token/);
    expect(fine).toMatchObject({ plugin: 'fine', status: 'built' });
    expect(existsSync(join(kegDir, 'plugins/broken/plugin.wasm'))).toBe(false);
  });

  it('shows an AssemblyScript compile error verbatim', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [
      { name: 'broken', files: { 'src/assemblyscript/index.ts': 'export function echo(): i32 {\n  return undefinedThing;\n}\n' } },
    ]);
    const outcome = only((await buildKeg(kegDir)).plugins);
    expect(outcome).toMatchObject({ status: 'failed', code: 'build-compile' });
    expect(outcome.status === 'failed' ? outcome.message : '').toContain("Cannot find name 'undefinedThing'");
    expect(existsSync(join(kegDir, 'plugins/broken/plugin.wasm'))).toBe(false);
  });

  it.skipIf(!rustReady)('shows a rustc error verbatim', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [
      {
        name: 'broken',
        files: { ...echoSources('rust'), 'src/rust/echo-crate/src/lib.rs': '#[no_mangle]\npub extern "C" fn echo() -> i32 { "not a number" }\n' },
      },
    ]);
    const outcome = only((await buildKeg(kegDir)).plugins);
    expect(outcome).toMatchObject({ status: 'failed', code: 'build-compile' });
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message).toContain('error[E0308]: mismatched types');
    expect(message).toContain('src/lib.rs:2:');
  });

  it('fails with toolchain-missing naming the Debian packages when CARGO does not exist', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('rust') }]);
    const outcome = only((await buildKeg(kegDir, { env: { ...process.env, CARGO: '/nonexistent/cargo' } })).plugins);
    expect(outcome).toMatchObject({ status: 'failed', code: 'toolchain-missing' });
    expect(outcome.status === 'failed' ? outcome.message : '').toMatch(/\/nonexistent\/cargo.*not found.*rustc cargo libstd-rust-dev-wasm32/);
  });

  it('fails with toolchain-missing when RUSTC has no wasm32 standard library', async () => {
    // A rustc whose sysroot lacks lib/rustlib/wasm32-unknown-unknown, as with rustup's default toolchain here.
    const fakeRustc = join(temp.dir, 'rustc');
    await writeFile(fakeRustc, `#!/bin/sh\necho ${temp.dir}\n`, { mode: 0o755 });
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('rust') }]);
    const env = { ...process.env, RUSTC: fakeRustc, ...(rustReady ? {} : { CARGO: '/bin/true' }) };
    const outcome = only((await buildKeg(kegDir, { env })).plugins);
    expect(outcome).toMatchObject({ status: 'failed', code: 'toolchain-missing' });
    expect(outcome.status === 'failed' ? outcome.message : '').toContain('no wasm32-unknown-unknown standard library');
  });

  it('refuses a plugin with sources for two toolchains', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'both', files: { ...echoSources('wat'), ...echoSources('assemblyscript') } }]);
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'failed', code: 'build-sources' });
  });

  it('honours a [[plugins]] path and reads a [keg] table', async () => {
    const kegDir = join(temp.dir, 'keg');
    await writeSampleKeg(kegDir, [{ name: 'echo', files: echoSources('wat') }], {
      kegToml: '[keg]\nname = "k"\nversion = "2.0.0"\n\n[[plugins]]\nname = "renamed"\ntype = "t"\npath = "plugins/echo"\n',
    });
    const result = await buildKeg(kegDir);
    expect(result).toMatchObject({ name: 'k', version: '2.0.0' });
    expect(only(result.plugins)).toMatchObject({ plugin: 'renamed', status: 'built' });
  });

  it('rejects a keg.toml syntax error with line and column, and a plugin path leaving the keg', async () => {
    const bad = join(temp.dir, 'bad');
    await writeSampleKeg(bad, [], { kegToml: '[package]\nname = "x"\nversion = \n' });
    await expect(buildKeg(bad)).rejects.toMatchObject({ code: 'keg-manifest-syntax', location: { line: 3 } });
    const escape = join(temp.dir, 'escape');
    await writeSampleKeg(escape, [], { kegToml: '[package]\nname = "x"\nversion = "1"\n[[plugins]]\nname = "p"\npath = "../../etc"\n' });
    await expect(buildKeg(escape)).rejects.toMatchObject({ code: 'keg-manifest-invalid', location: { keyPath: 'plugins[0].path' } });
  });

  it('builds several AssemblyScript plugins at once, each getting its own result', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [
      { name: 'one', files: echoSources('assemblyscript') },
      { name: 'broken', files: { 'src/assemblyscript/index.ts': 'export function echo(): i32 {\n  return missingName;\n}\n' } },
      { name: 'two', files: echoSources('assemblyscript') },
    ]);
    const results = (await buildKeg(kegDir)).plugins;
    expect(results.map((r) => [r.plugin, r.status])).toEqual([
      ['one', 'built'],
      ['broken', 'failed'],
      ['two', 'built'],
    ]);
    const broken = results[1];
    expect(broken?.status === 'failed' ? broken.message : '').toContain("Cannot find name 'missingName'");
    expect(await callEcho(join(kegDir, 'plugins/two/plugin.wasm'), 'two')).toBe('two');
  });

  it('refuses to build a plugin whose folder is a symbolic link leading outside the keg', async () => {
    const outside = await writeSampleKeg(join(temp.dir, 'outside'), [{ name: 'echo', files: echoSources('wat') }]);
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), []);
    await writeFile(join(kegDir, 'keg.toml'), '[package]\nname = "k"\nversion = "1.0.0"\n[[plugins]]\nname = "echo"\ntype = "t"\n');
    await mkdir(join(kegDir, 'plugins'));
    await symlink(join(outside, 'plugins/echo'), join(kegDir, 'plugins/echo'));
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'failed', code: 'plugin-dir-outside' });
    expect(existsSync(join(outside, 'plugins/echo/plugin.wasm'))).toBe(false);
  });
});
