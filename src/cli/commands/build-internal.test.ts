import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../build/_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from '../../build/_internals/sample-keg.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';
import type * as AscPoolModule from '../../build/_internals/asc-worker-pool.js';

// As in an installation where the compiler worker's file cannot be loaded.
vi.mock('../../build/_internals/asc-worker-pool.js', async (importOriginal) => {
  const actual = await importOriginal<typeof AscPoolModule>();
  return { ...actual, defaultAscPool: new actual.AscWorkerPool({ workerFile: '/nonexistent/asc-worker.mjs' }) };
});

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('cli-build-internal');
});
afterEach(async () => {
  await temp.cleanup();
});

it('exits 2 with [internal] when the AssemblyScript compiler thread crashes, and still builds the other plugins', async () => {
  await writeSampleKeg(join(temp.dir, 'keg'), [
    { name: 'as', files: echoSources('assemblyscript') },
    { name: 'wat', files: echoSources('wat') },
  ]);
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: process.env, cwd: temp.dir, isTTY: false };
  const code = await main(['build', 'keg'], io);
  expect(code).toBe(2);
  expect(err).toMatch(/^FAILED +plugins\/as \[internal\]/m);
  expect(err).not.toContain('[build-compile]');
  expect(out).toMatch(/^built +plugins\/wat\/plugin\.wasm +wat: wabt/m);
});
