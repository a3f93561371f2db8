import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { loadOptionalPackage } from './load-optional-package.js';

/** asc with the stub runtime and no abort import: the Extism kernel is the only host. */
export async function compileAssemblyScript(dir: string, outFile: string): Promise<{ compiler: string }> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts or assembly/index.ts in ${dir}`, { location: { file: dir } });
  }
  const asc = await loadOptionalPackage(() => import('assemblyscript/asc'), 'assemblyscript');
  let stderr = '';
  const result = await asc.main(
    [entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', '-O3', '--noAssert', '--noColors'],
    {
      stdout: { write: () => true } as never,
      stderr: { write: (chunk: string | Uint8Array) => ((stderr += String(chunk)), true) } as never,
    },
  );
  if (result.error !== null) {
    throw new KegcheckError('build-compile', `asc failed:\n${stderr || result.error.message}`, { location: { file: entry } });
  }
  return { compiler: `asc ${asc.version}` };
}
