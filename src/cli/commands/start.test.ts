import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'kegcheck-test-start-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function capture(cwd: string): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, cwd, isTTY: false },
    out: () => out,
    err: () => err,
  };
}

// A small fixtures tree: the good keg (built from its WAT source by start
// itself, since plugin.wasm is not copied) and two bad kegs.
async function fixturesTree(): Promise<string> {
  const fixtures = join(work, 'fixtures');
  await cp(join(ROOT, 'fixtures/good-kegs/vowels'), join(fixtures, 'good-kegs/vowels'), {
    recursive: true,
    filter: (src) => !src.endsWith('plugin.wasm'),
  });
  await cp(join(ROOT, 'fixtures/bad-kegs/zip-slip.keg'), join(fixtures, 'bad-kegs/zip-slip.keg'));
  await cp(join(ROOT, 'fixtures/bad-kegs/duplicate-plugin'), join(fixtures, 'bad-kegs/duplicate-plugin'), { recursive: true });
  return fixtures;
}

describe('kegcheck start', () => {
  it('builds fixture plugins, expects good kegs clean and bad kegs rejected, writes a report', async () => {
    await fixturesTree();
    const { io, out, err } = capture(work);
    const code = await main(['start'], io);
    expect(err()).toBe('');
    expect(out()).toContain('built 1 fixture plugin from source, 0 up to date');
    expect(out()).toContain('ok    fixtures/bad-kegs/zip-slip.keg: rejected as expected [zip-unsafe-entry]');
    expect(out()).toContain('ok    fixtures/good-kegs/vowels (vowels 1.0.0)');
    expect(out()).toContain('3 kegs under fixtures: 3 as expected, 0 not');
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(work, 'reports', 'fixtures-validation.json'), 'utf8')) as { kegs: Array<{ source: string; met: boolean }>; unmet: number };
    expect(report.unmet).toBe(0);
    expect(report.kegs.map((k) => k.source)).toEqual(['fixtures/bad-kegs/duplicate-plugin', 'fixtures/bad-kegs/zip-slip.keg', 'fixtures/good-kegs/vowels']);
    expect((await readdir(work)).sort()).toEqual(['fixtures', 'reports']);
  });

  it('exits 1 when a bad keg is clean or a good keg has findings', async () => {
    const fixtures = await fixturesTree();
    // "Fix" the bad keg and break the good one.
    await writeFile(
      join(fixtures, 'bad-kegs/duplicate-plugin/keg.toml'),
      '[package]\nname = "d"\nversion = "1.0.0"\n[[plugins]]\nname = "count_vowels"\ntype = "kegs.testing.vowelcounter"\n',
    );
    await writeFile(join(fixtures, 'good-kegs/vowels/keg.toml'), '[package]\nname = "vowels"\nversion = "one"\n[[plugins]]\nname = "count_vowels"\ntype = "kegs.testing.vowelcounter"\n');
    const { io, out } = capture(work);
    const code = await main(['start', '--out', 'out'], io);
    expect(code).toBe(1);
    expect(out()).toContain('UNEXPECTED clean (a bad keg must have findings)');
    expect(out()).toContain('UNEXPECTED findings');
    expect(out()).toContain('[version-semver]');
    expect(out()).toContain('3 kegs under fixtures: 1 as expected, 2 not; report out/fixtures-validation.json');
  });

  it('with committed builds needs no toolchain; a stale one it cannot rebuild is reported after building the rest (exit 2)', async () => {
    const fixtures = await fixturesTree();
    await cp(join(ROOT, 'fixtures/codec/codec_echo_rust'), join(fixtures, 'codec/codec_echo_rust'), {
      recursive: true,
      filter: (src) => !/[/\\]target([/\\]|$)/.test(src),
    });
    const env = { CARGO: '/nonexistent/cargo', RUSTC: '/nonexistent/rustc' };
    const fresh = capture(work);
    const io = { ...fresh.io, env };
    // The Rust plugin's plugin.wasm and plugin.build.json came along: up to date without cargo.
    await mkdir(join(work, 'none'));
    expect(await main(['start', '--out', 'out', '--conformance', join(work, 'none')], io)).toBe(0);
    expect(fresh.out()).toContain('built 1 fixture plugin from source, 1 up to date');
    expect(fresh.err()).not.toContain('toolchain-missing');

    await writeFile(join(fixtures, 'codec/codec_echo_rust/plugins/codec_echo/src/rust/codec_echo/src/lib.rs'), '// edited\n', { flag: 'a' });
    await rm(join(fixtures, 'good-kegs/vowels/plugins/count_vowels/plugin.wasm'));
    const stale = capture(work);
    const code = await main(['start', '--out', 'out', '--conformance', join(work, 'none')], { ...stale.io, env });
    expect(stale.out()).toContain('built 1 fixture plugin from source, 0 up to date');
    expect(stale.err()).toMatch(/could not build: \[toolchain-missing\] cargo '\/nonexistent\/cargo' not found.*\n {2}needed by 1 plugin\(s\):\n {4}fixtures\/codec\/codec_echo_rust\/plugins\/codec_echo \(plugin\.wasm needs a rebuild: sources changed since plugin\.build\.json\)\n/);
    expect(code).toBe(2);
  });
});
