import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from '../../build/_internals/sample-keg.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('cli-build');
});
afterEach(async () => {
  await temp.cleanup();
});

async function kegcheck(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, cwd: temp.dir, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('kegcheck build', () => {
  it('builds every plugin, names the toolchain and exits 0', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [
      { name: 'a', files: echoSources('wat') },
      { name: 'b', files: echoSources('assemblyscript') },
    ]);
    const { code, out } = await kegcheck(['build', 'keg']);
    expect(code).toBe(0);
    expect(out).toMatch(/^built +plugins\/a\/plugin\.wasm +wat: wabt/m);
    expect(out).toMatch(/^built +plugins\/b\/plugin\.wasm +assemblyscript: asc \d/m);
    expect(existsSync(join(temp.dir, 'keg/plugins/b/plugin.wasm'))).toBe(true);
  });

  it('exits 1 and prints the compiler output verbatim on a compile error', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'bad', files: { 'src/wat/bad.wat': '(module (func (result i32) i32.const))' } }]);
    const { code, err } = await kegcheck(['build', 'keg']);
    expect(code).toBe(1);
    expect(err).toContain('FAILED      plugins/bad [build-compile]');
    expect(err).toContain('error: unexpected token ")", expected a numeric literal');
  });

  it('exits 2 with toolchain-missing when CARGO points nowhere', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'r', files: echoSources('rust') }]);
    const { code, err } = await kegcheck(['build', 'keg'], { ...process.env, CARGO: '/nonexistent' });
    expect(code).toBe(2);
    expect(err).toContain('[toolchain-missing]');
    expect(err).toContain('libstd-rust-dev-wasm32');
  });

  it('exits 2 with a located message, not a stack, for a folder without keg.toml', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), []);
    const { code, err } = await kegcheck(['build', temp.dir]);
    expect(code).toBe(2);
    expect(err).toContain('keg.toml: keg.toml not found in the keg folder [keg-manifest-missing]');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('says up-to-date and no sources on a second run, and keeps plugin.wasm untouched', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [
      { name: 'a', files: echoSources('wat') },
      { name: 'bare', files: { 'plugin.wasm': new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) } },
    ]);
    expect((await kegcheck(['build', 'keg'])).code).toBe(0);
    const { code, out } = await kegcheck(['build', 'keg']);
    expect(code).toBe(0);
    expect(out).toMatch(/^up-to-date +plugins\/a\/plugin\.wasm +wat$/m);
    expect(out).toMatch(/^no sources +plugins\/bare +\(plugin\.wasm used as is\)$/m);
  });

  it('exits 2 with the usage when no keg or an unknown option is given', async () => {
    const none = await kegcheck(['build']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: kegcheck build <keg-folder>');
    const bogus = await kegcheck(['build', 'keg', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('[usage]');
  });
});
