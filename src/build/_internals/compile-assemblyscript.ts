import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { defaultAscPool, type AscWorkerPool } from './asc-worker-pool.js';

const ASC_TIMEOUT_MS = 5 * 60_000;

/** asc with the stub runtime and no abort import: the Extism kernel is the only host. */
export async function compileAssemblyScript(dir: string, outFile: string, pool: AscWorkerPool = defaultAscPool): Promise<{ compiler: string }> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts or assembly/index.ts in ${dir}`, { location: { file: dir } });
  }
  const outcome = await pool.run([entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', '-O3', '--noAssert', '--noColors'], ASC_TIMEOUT_MS);
  switch (outcome.kind) {
    case 'ok':
      return { compiler: `asc ${outcome.version}` };
    case 'missing':
      throw new KegcheckError(
        'toolchain-missing',
        `the npm package 'assemblyscript' is not installed (${outcome.message.split('\n')[0] ?? ''}); add it to your project: \`npm i -D assemblyscript\``,
        { location: { file: entry } },
      );
    case 'timeout':
      throw new KegcheckError('build-timeout', `asc did not finish within ${ASC_TIMEOUT_MS / 1000} s`, { location: { file: entry } });
    case 'failed':
      throw new KegcheckError('build-compile', `asc failed:\n${outcome.message}`, { location: { file: entry } });
    case 'crashed':
      // The compiler thread died or could not start: kegcheck's (or its installation's) fault, not the plugin's.
      throw new KegcheckError('internal', `internal error: the AssemblyScript compiler thread crashed, not a fault of the plugin: ${outcome.message}`, {
        location: { file: entry },
      });
  }
}
