import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isKegcheckError, type KegcheckError } from '../../kegcheck-error.js';
import { AscWorkerPool } from './asc-worker-pool.js';
import { compileAssemblyScript } from './compile-assemblyscript.js';
import { compileWat, type WabtModule } from './compile-wat.js';
import { makeTempDir } from './make-temp-dir.js';
import { ECHO_ASSEMBLYSCRIPT, ECHO_WAT } from './sample-keg.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('optional-compilers');
});
afterEach(async () => {
  await temp.cleanup();
});

async function thrown(promise: Promise<unknown>): Promise<KegcheckError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKegcheckError(error)) throw new Error(`expected a KegcheckError, got ${String(error)}`);
  return error;
}

async function asSources(): Promise<string> {
  const dir = join(temp.dir, 'as');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.ts'), ECHO_ASSEMBLYSCRIPT);
  return dir;
}

it('reports a compiler thread that cannot start as an internal error, not a compile error of the plugin', async () => {
  const pool = new AscWorkerPool({ workerFile: join(temp.dir, 'no-such-asc-worker.mjs') });
  const error = await thrown(compileAssemblyScript(await asSources(), join(temp.dir, 'out.wasm'), pool));
  expect(error.code).toBe('internal');
  expect(error.message).toContain('not a fault of the plugin');
  expect(error.message).toContain('no-such-asc-worker.mjs');
});

it('names the npm package to add when assemblyscript cannot be imported', async () => {
  // The worker imports a package that is not installed, exactly as it would `assemblyscript/asc`.
  const pool = new AscWorkerPool({ ascModule: 'assemblyscript-not-installed-here/asc' });
  const error = await thrown(compileAssemblyScript(await asSources(), join(temp.dir, 'out.wasm'), pool));
  expect(error.code).toBe('toolchain-missing');
  expect(error.message).toContain('npm i -D assemblyscript');
});

it('names the npm package to add when wabt cannot be imported', async () => {
  const dir = join(temp.dir, 'wat');
  await mkdir(dir);
  await writeFile(join(dir, 'echo.wat'), ECHO_WAT);
  const missing = (): Promise<WabtModule> => import(String('wabt-not-installed-here')) as Promise<WabtModule>;
  const error = await thrown(compileWat(dir, missing));
  expect(error.code).toBe('toolchain-missing');
  expect(error.message).toContain('npm i -D wabt');
  // The real package still compiles the same sources, and says which version did it.
  expect((await compileWat(dir)).compiler).toMatch(/^wabt \d+\.\d+\.\d+ \(wat2wasm\)$/);
});

it('reports a compiler thread that cannot even be constructed as an internal error too', async () => {
  // Node refuses a bare relative worker path synchronously (ERR_WORKER_PATH).
  const pool = new AscWorkerPool({ workerFile: 'asc-worker.mjs' });
  const error = await thrown(compileAssemblyScript(await asSources(), join(temp.dir, 'out.wasm'), pool));
  expect(error.code).toBe('internal');
});
