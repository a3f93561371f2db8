import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { defaultAscPool, type AscWorkerPool } from './asc-worker-pool.js';

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
 * asc with the stub runtime and no abort import: the Extism kernel is the
 * only host. A plugin with its own `asconfig.json` (as the official
 * AssemblyScript PDK's projects have) is built with that instead: its options
 * and its `release` target when it has one; only the output file is kegcheck's.
 * With `sourceMapUrl`, a debug build: unoptimised (no `release` target), with a
 * source map beside outFile (`<outFile dir>/<sourceMapUrl>`).
 */
export async function compileAssemblyScript(dir: string, outFile: string, pool: AscWorkerPool = defaultAscPool, sourceMapUrl?: string): Promise<{ compiler: string }> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts or assembly/index.ts in ${dir}`, { location: { file: dir } });
  }
  const config = join(dir, 'asconfig.json');
  const debug = sourceMapUrl === undefined ? [] : ['--debug', '--sourceMap', sourceMapUrl];
  const args = existsSync(config)
    ? [
        ...(await ascConfigEntries(config)).map((e) => (e === undefined ? entry : e)),
        '--config',
        config,
        ...(sourceMapUrl === undefined ? (await hasReleaseTarget(config) ? ['--target', 'release'] : []) : debug),
        '--outFile',
        outFile,
        '--noColors',
      ]
    : [entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', ...(sourceMapUrl === undefined ? ['-O3', '--noAssert'] : debug), '--noColors'];
  const outcome = await pool.run(args, ASC_TIMEOUT_MS);
  switch (outcome.kind) {
    case 'ok':
      if (sourceMapUrl !== undefined) await portableSourceMap(join(dirname(outFile), sourceMapUrl));
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

async function readConfig(file: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new KegcheckError('build-sources', `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { location: { file }, cause: error });
  }
  throw new KegcheckError('build-sources', `${file} is not a JSON object`, { location: { file } });
}

// asc takes the entries from the config itself when it lists them; otherwise kegcheck's entry file (undefined here).
async function ascConfigEntries(file: string): Promise<(string | undefined)[]> {
  const config = await readConfig(file);
  return Array.isArray(config['entries']) && config['entries'].length > 0 ? [] : [undefined];
}

async function hasReleaseTarget(file: string): Promise<boolean> {
  const targets = (await readConfig(file))['targets'];
  return typeof targets === 'object' && targets !== null && 'release' in targets;
}
