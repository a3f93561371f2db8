import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from '../../build/_internals/sample-keg.js';
import { createBenchWorkspace } from './bench-workspace.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('workspace');
});
afterEach(async () => {
  await temp.cleanup();
});

it('builds the fixtures, copies a keg under distinct package names without sources, and removes everything', async () => {
  const fixtures = join(temp.dir, 'fixtures');
  const keg = await writeSampleKeg(join(fixtures, 'echo_keg'), [{ name: 'echo', files: echoSources('wat') }], { name: 'echo_keg' });
  const workspace = await createBenchWorkspace(fixtures);
  const copies = await workspace.copies(keg, 'group', 3);
  expect(copies).toEqual([0, 1, 2].map((n) => join(workspace.dir, 'group', `echo_keg_00${n}`)));
  for (const [n, copy] of copies.entries()) {
    expect(await readFile(join(copy, 'keg.toml'), 'utf8')).toContain(`name = "echo_keg_00${n}"`);
    expect(existsSync(join(copy, 'plugins/echo/plugin.wasm'))).toBe(true);
    expect(existsSync(join(copy, 'plugins/echo/src'))).toBe(false);
  }
  const suite = await workspace.write('sub/x.suite.toml', 'x');
  expect(await readFile(suite, 'utf8')).toBe('x');
  await workspace.dispose();
  expect(existsSync(workspace.dir)).toBe(false);
});
