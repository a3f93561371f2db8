import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuite } from '../../suite/load-suite.js';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd: REPO, isTTY: false };
  return { code: await main(argv, io), out, err };
}

let root: ScratchRoot;
beforeAll(async () => {
  root = await scratchRoot();
});
afterAll(async () => {
  await root.dispose();
});

describe('kegcheck init on plugins that fail on their own', () => {
  it('writes a suite expecting each observed trap, plugin error and exit code, which the plugin then passes', async () => {
    const keg = await root.keg('outcomes', [{ name: 'outcomes', type: 'kegcheck.test.outcomes', wat: 'probe-outcomes.wat' }]);
    const out = join(root.dir, 'outcomes.suite.toml');
    const { code } = await cli(['init', keg, '--out', out]);
    expect(code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).not.toMatch(/error = ""/);
    // Each probe that failed becomes the outcome it ended in, its message in a comment.
    for (const kind of ['plugin-error', 'exit-code', 'trap']) expect(text).toContain(`expect = { outcome = "${kind}" }`);
    expect(text).toContain('# observed: the call ended plugin-error: bad (input) [x]? $1.5*');
    expect(text).toContain('# observed: the call ended exit-code: quiet_fail returned 4');
    const parsed = parseSuite(text, out);
    if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed.findings));
    const run = await cli(['run', out, keg, '--reporter', 'json', '--out', join(root.dir, 'reports'), '--runs', '3']);
    expect(run.code).toBe(0);
  });

  it('stubs an unknown host import by its signature, so the probe links and the suite it writes runs', async () => {
    const keg = await root.keg('unlinked', [{ name: 'clock', type: 'kegcheck.test.clock', wat: 'needs-host.wat' }]);
    const suiteFile = join(root.dir, 'unlinked.suite.toml');
    const { code } = await cli(['init', keg, '--out', suiteFile]);
    expect(code).toBe(0);
    const out = await readFile(suiteFile, 'utf8');
    expect(out).not.toMatch(/error = ""/);
    expect(out).toContain('[[host.functions]]\nname = "get_time"   # imported as () -> i64\nreturns = "i64"');
    expect(out).not.toContain('link-error');
    expect(parseSuite(out, suiteFile).kind).toBe('ok');
    expect((await cli(['run', suiteFile, keg, '--reporter', 'json', '--out', join(root.dir, 'reports-unlinked'), '--runs', '3'])).code).toBe(0);
  });

  it('suggests ./name:plugin when name:plugin finds no package but ./name is a keg folder', async () => {
    await root.keg('localkeg', [{ name: 'outcomes', type: 'kegcheck.test.outcomes', wat: 'probe-outcomes.wat' }]);
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: { HOME: join(root.dir, 'home'), NO_COLOR: '1' }, cwd: root.dir, isTTY: false };
    expect(await main(['init', 'localkeg:outcomes'], io)).toBe(2);
    expect(err).toMatch(/^kegcheck: localkeg:outcomes: package "localkeg" not found in the store .*did you mean \.\/localkeg:outcomes\? \[package-not-found\]\n$/);
    expect(await main(['init', './localkeg:outcomes', '--no-probe'], { ...io, stdout: () => undefined })).toBe(0);
  });
});
