import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KegcheckError } from '../../kegcheck-error.js';

const execFileAsync = promisify(execFile);
const ASC_CHILD = fileURLToPath(new URL('./asc-child.mjs', import.meta.url));
const ASC_TIMEOUT_MS = 5 * 60_000;

interface ExecFailure {
  readonly code?: string | number;
  readonly stderr?: string;
  readonly killed?: boolean;
  readonly message: string;
}

/** asc with the stub runtime and no abort import: the Extism kernel is the only host. */
export async function compileAssemblyScript(dir: string, outFile: string): Promise<{ compiler: string }> {
  const entry = ['index.ts', 'assembly/index.ts'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (entry === undefined) {
    throw new KegcheckError('build-sources', `no index.ts or assembly/index.ts in ${dir}`, { location: { file: dir } });
  }
  const env = { ...process.env };
  // The child must load asc natively, not through a TypeScript loader inherited from the parent.
  delete env['NODE_OPTIONS'];
  try {
    const { stdout } = await execFileAsync(
      process.execPath,
      [ASC_CHILD, entry, '--outFile', outFile, '--runtime', 'stub', '--use', 'abort=', '-O3', '--noAssert', '--noColors'],
      { cwd: dir, env, timeout: ASC_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
    const { version } = JSON.parse(stdout) as { version: string };
    return { compiler: `asc ${version}` };
  } catch (error) {
    const e = error as ExecFailure;
    const stderr = e.stderr ?? '';
    if (e.code === 3 && stderr.startsWith('kegcheck:asc-missing')) {
      throw new KegcheckError('toolchain-missing', "the npm package 'assemblyscript' is not installed; run `npm install assemblyscript`", {
        location: { file: entry },
        cause: error,
      });
    }
    if (e.killed === true) {
      throw new KegcheckError('build-timeout', `asc did not finish within ${ASC_TIMEOUT_MS / 1000} s`, { location: { file: entry }, cause: error });
    }
    throw new KegcheckError('build-compile', `asc failed:\n${stderr || e.message}`, { location: { file: entry }, cause: error });
  }
}
