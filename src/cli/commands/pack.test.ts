import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from '../../build/_internals/sample-keg.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('cli-pack');
});
afterEach(async () => {
  await temp.cleanup();
});

async function kegcheck(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: process.env, cwd: temp.dir, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('kegcheck pack', () => {
  it('packs a built keg twice into the same bytes', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }], { name: 'demo', version: '0.3.0' });
    expect((await kegcheck(['build', 'keg'])).code).toBe(0);
    const first = await kegcheck(['pack', 'keg']);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^packed keg\/dist\/demo-0\.3\.0\.keg {2}4 files, \d+ bytes\n/);
    const second = await kegcheck(['pack', 'keg']);
    const sha = (text: string): string | undefined => /^sha256 ([0-9a-f]{64})$/m.exec(text)?.[1];
    expect(sha(first.out)).toBeDefined();
    expect(sha(second.out)).toBe(sha(first.out));
  });

  it('honours --out and --include-sources', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }], { name: 'demo', version: '0.3.0' });
    await kegcheck(['build', 'keg']);
    const { code, out } = await kegcheck(['pack', 'keg', '--include-sources', '--out', 'out']);
    expect(code).toBe(0);
    // With the sources goes the build fingerprint that ties plugin.wasm to them.
    expect(out).toContain('6 files');
    expect(out).toContain('with sources');
    expect(existsSync(join(temp.dir, 'out/demo-0.3.0.keg'))).toBe(true);
    expect(existsSync(join(temp.dir, 'keg/dist'))).toBe(false);
  });

  it('exits 1 without writing anything when the keg has validation errors (here: not built yet)', async () => {
    await writeSampleKeg(join(temp.dir, 'keg'), [{ name: 'echo', files: echoSources('wat') }]);
    const { code, err } = await kegcheck(['pack', 'keg']);
    expect(code).toBe(1);
    expect(err).toContain('[wasm-missing]');
    expect(err).toContain('not packed');
    expect(existsSync(join(temp.dir, 'keg/dist'))).toBe(false);
  });

  it('exits 2 with a located error for a folder that does not exist', async () => {
    const { code, err } = await kegcheck(['pack', 'nope']);
    expect(code).toBe(2);
    expect(err).toMatch(/nope.*\[[a-z-]+\]/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown option with the usage', async () => {
    const { code, err } = await kegcheck(['pack', 'keg', '--bogus']);
    expect(code).toBe(2);
    expect(err).toContain('unknown option --bogus');
    expect(err).toContain('[usage]');
  });
});
