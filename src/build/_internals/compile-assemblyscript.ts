import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { runAsc } from './asc-worker-pool.js';

const ASC_TIMEOUT_MS = 5 * 60_000;

/**
 * asc names sources relative to the directory it ran in and sets a sourceRoot
 * after the (temporary) output file: rewritten so sources are relative to the
 * map itself and the map stays valid wherever the keg is moved.
 */
async function portableSourceMap(mapPath: string): Promise<void> {
  const map = JSON.parse(await readFile(mapPath, 'utf8')) as { sources?: string[]; sourceRoot?: string };
  map.sourceRoot = '';
  map.sources = (map.sources ?? []).map((s) => (s.startsWith('~lib/') ? s : relative(dirname(mapPath), resolve(s))));
  await writeFile(mapPath, JSON.stringify(map));
}

/**
 * asc with the stub runtime and no abort import: the Extism kernel is the only host.
 * With `sourceMapUrl`, a debug build: unoptimised, with a source map beside outFile (`<outFile>.map`).
 */
export async function compileAssemblyScript(dir: string, outFile: string, sourceMapUrl?: string): Promise<{ compiler: string }> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts or assembly/index.ts in ${dir}`, { location: { file: dir } });
  }
  const mode = sourceMapUrl === undefined ? ['-O3', '--noAssert'] : ['--debug', '--sourceMap', sourceMapUrl];
  const outcome = await runAsc([entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', ...mode, '--noColors'], ASC_TIMEOUT_MS);
  switch (outcome.kind) {
    case 'ok':
      if (sourceMapUrl !== undefined) await portableSourceMap(join(dirname(outFile), sourceMapUrl));
      return { compiler: `asc ${outcome.version}` };
    case 'missing':
      throw new KegcheckError('toolchain-missing', `the npm package 'assemblyscript' is not installed (${outcome.message}); run \`npm install assemblyscript\``, {
        location: { file: entry },
      });
    case 'timeout':
      throw new KegcheckError('build-timeout', `asc did not finish within ${ASC_TIMEOUT_MS / 1000} s`, { location: { file: entry } });
    case 'failed':
      throw new KegcheckError('build-compile', `asc failed:\n${outcome.message}`, { location: { file: entry } });
    case 'crashed':
      throw new KegcheckError('build-compile', `asc crashed: ${outcome.message}`, { location: { file: entry } });
  }
}
