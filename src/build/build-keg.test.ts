import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import createPlugin from '@extism/extism';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKeg, type PluginBuildResult } from './build-keg.js';
import { hashSources } from './_internals/hash-sources.js';
import { rustPresence } from './_internals/toolchain-presence.js';
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

const rust = await rustPresence();
const rustReady = rust.present;

describe('buildKeg', () => {
  const kinds: { kind: SampleSource; skip: boolean; note: string; compiler: RegExp }[] = [
    { kind: 'wat', skip: false, note: '', compiler: /wabt/ },
    { kind: 'assemblyscript', skip: false, note: '', compiler: /^asc \d/ },
    { kind: 'rust', skip: !rustReady, note: rust.note, compiler: /^cargo \d.*rustc/ },
  ];
  for (const { kind, skip, note, compiler } of kinds) {
    it.skipIf(skip)(`compiles a ${kind} plugin into a plugin.wasm that the Extism SDK can call${note}`, async () => {
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

  it('decides staleness by the fingerprint, never by modification times', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }]);
    const pluginDir = join(kegDir, 'plugins/echo');
    const source = join(pluginDir, 'src/wat/echo.wat');
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'built', reason: 'no plugin.build.json' });
    // As after a fresh clone: sources look newer than the build. Still up to date.
    await utimes(join(pluginDir, 'plugin.wasm'), new Date(0), new Date(0));
    const future = new Date(Date.now() + 60_000);
    await utimes(source, future, future);
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'up-to-date', compiler: expect.stringMatching(/^wabt \d+\.\d+\.\d+ \(wat2wasm\)$/) });
    // A real edit, even one that leaves the file older than plugin.wasm, is a change.
    await writeFile(source, `${await readFile(source, 'utf8')};; edited\n`);
    await utimes(source, new Date(0), new Date(0));
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'built', reason: 'sources changed since plugin.build.json' });
    // A plugin.wasm that is not the recorded build (copied over by hand) is rebuilt.
    await writeFile(join(pluginDir, 'plugin.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'built', reason: 'plugin.wasm is not the one plugin.build.json records' });
    await writeFile(join(pluginDir, 'plugin.build.json'), '{"format": 1}');
    expect(only((await buildKeg(kegDir)).plugins)).toMatchObject({ status: 'built', reason: 'plugin.build.json is not a build fingerprint' });
    expect(only((await buildKeg(kegDir, { force: true })).plugins)).toMatchObject({ status: 'built', reason: 'forced' });
  });

  it('writes a fingerprint of the sources, the compiler and the wasm it produced', async () => {
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: { ...echoSources('assemblyscript'), 'src/assemblyscript/README.md': 'notes' } }]);
    const pluginDir = join(kegDir, 'plugins/echo');
    // Build output and temp files inside the sources are not sources.
    await mkdir(join(pluginDir, 'src/assemblyscript/node_modules/x'), { recursive: true });
    await writeFile(join(pluginDir, 'src/assemblyscript/node_modules/x/index.js'), '');
    await writeFile(join(pluginDir, 'src/assemblyscript/scratch.tmp'), '');
    expect(only((await buildKeg(kegDir)).plugins).status).toBe('built');
    const fingerprint = JSON.parse(await readFile(join(pluginDir, 'plugin.build.json'), 'utf8')) as Record<string, unknown>;
    const wasm = await readFile(join(pluginDir, 'plugin.wasm'));
    expect(fingerprint).toEqual({
      format: 1,
      toolchain: 'assemblyscript',
      compiler: expect.stringMatching(/^asc \d+\.\d+\.\d+$/),
      sources: { sha256: (await hashSources(join(pluginDir, 'src'))).sha256, files: ['assemblyscript/README.md', 'assemblyscript/index.ts'] },
      wasm: { sha256: createHash('sha256').update(wasm).digest('hex'), bytes: wasm.byteLength },
    });
  });

  it('hashes paths as well as contents: moving bytes between files changes the hash', async () => {
    const a = join(temp.dir, 'a');
    const b = join(temp.dir, 'b');
    await mkdir(a);
    await mkdir(b);
    await writeFile(join(a, 'x'), 'ab');
    await writeFile(join(a, 'y'), '');
    await writeFile(join(b, 'x'), 'a');
    await writeFile(join(b, 'y'), 'b');
    expect((await hashSources(a)).sha256).not.toBe((await hashSources(b)).sha256);
    await writeFile(join(b, 'x'), 'ab');
    await writeFile(join(b, 'y'), '');
    expect(await hashSources(b)).toEqual(await hashSources(a));
    // A link back up the tree ends instead of recursing forever.
    await symlink(b, join(b, 'loop'));
    expect((await hashSources(b)).files).toEqual(['x', 'y']);
  });

  it('needs no toolchain for a committed build whose fingerprint matches (a Rust fixture, with cargo and rustc absent)', async () => {
    const fixture = fileURLToPath(new URL('../../fixtures/codec/codec_echo_rust', import.meta.url));
    const kegDir = join(temp.dir, 'clone');
    await cp(fixture, kegDir, { recursive: true, filter: (src) => !src.includes(`${sep}target`) });
    const env = { ...process.env, CARGO: '/nonexistent/cargo', RUSTC: '/nonexistent/rustc' };
    expect(only((await buildKeg(kegDir, { env })).plugins)).toMatchObject({ status: 'up-to-date', toolchain: 'rust', compiler: expect.stringMatching(/^cargo .*, rustc /) });
    // Once the sources change, the missing toolchain is reported, with why a build was needed.
    await writeFile(join(kegDir, 'plugins/codec_echo/src/rust/codec_echo/src/lib.rs'), '// edited\n', { flag: 'a' });
    const stale = only((await buildKeg(kegDir, { env })).plugins);
    expect(stale).toMatchObject({ status: 'failed', code: 'toolchain-missing' });
    expect(stale.status === 'failed' ? stale.message : '').toContain('plugin.wasm needs a rebuild: sources changed since plugin.build.json');
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

  it.skipIf(!rustReady)(`shows a rustc error verbatim${rust.note}`, async () => {
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

  it('names `rustup target add` for a rustup rustc without wasm32, as on a fresh machine (toolchain-missing, never build-compile)', async () => {
    // rustup's layout: the sysroot lives under ~/.rustup; its wasm32 lib folder exists only once the target is added.
    const toolchain = join(temp.dir, '.rustup/toolchains/stable');
    await mkdir(join(toolchain, 'lib/rustlib/wasm32-unknown-unknown/lib'), { recursive: true });
    const rustc = join(temp.dir, 'rustc');
    const cargo = join(temp.dir, 'cargo');
    await writeFile(rustc, `#!/bin/sh\ncase "$1" in --version) echo "rustc 1.95.0 (fake)";; *) echo ${toolchain}/lib/rustlib/wasm32-unknown-unknown/lib;; esac\n`, { mode: 0o755 });
    await writeFile(cargo, '#!/bin/sh\necho "cargo 1.95.0 (fake)"\n', { mode: 0o755 });
    const kegDir = await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('rust') }]);
    const outcome = only((await buildKeg(kegDir, { env: { ...process.env, RUSTC: rustc, CARGO: cargo } })).plugins);
    expect(outcome).toMatchObject({ status: 'failed', code: 'toolchain-missing' });
    const message = outcome.status === 'failed' ? outcome.message : '';
    expect(message).toContain('rustc 1.95.0 (fake)');
    expect(message).toContain('`rustup target add wasm32-unknown-unknown`');
    expect(message).toContain('libstd-rust-dev-wasm32');
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
