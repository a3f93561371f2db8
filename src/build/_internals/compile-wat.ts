import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type initWabt from 'wabt';
import { KegcheckError } from '../../kegcheck-error.js';
import { installedVersion, loadOptionalPackage } from './load-optional-package.js';

/** What `import('wabt')` gives. */
export type WabtModule = { readonly default: typeof initWabt };

/**
 * wat2wasm through the wabt npm package: exactly one `.wat` file per plugin.
 * `load` is replaceable for tests; `debugNames` keeps the name section (debug builds).
 */
export async function compileWat(dir: string, load: () => Promise<WabtModule> = () => import('wabt'), debugNames = false): Promise<{ bytes: Uint8Array; compiler: string }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.wat')).sort();
  const file = files[0];
  if (file === undefined || files.length > 1) {
    throw new KegcheckError('build-sources', `expected exactly one .wat file in ${dir}, found ${files.length}`, { location: { file: dir } });
  }
  const { default: init } = await loadOptionalPackage(load, 'wabt');
  const wabt = await init();
  const path = join(dir, file);
  let module;
  try {
    module = wabt.parseWat(path, await readFile(path, 'utf8'), { multi_value: true, bulk_memory: true });
  } catch (error) {
    // wabt's message already carries file:line:column and a caret under the token.
    throw new KegcheckError('build-compile', `wat2wasm failed:\n${error instanceof Error ? error.message : String(error)}`, {
      location: { file: path },
      cause: error,
    });
  }
  try {
    module.resolveNames();
    module.validate();
    return { bytes: module.toBinary({ log: false, write_debug_names: debugNames }).buffer, compiler: `wabt ${installedVersion('wabt') ?? '(version unknown)'} (wat2wasm)` };
  } catch (error) {
    throw new KegcheckError('build-compile', `wat2wasm failed:\n${error instanceof Error ? error.message : String(error)}`, {
      location: { file: path },
      cause: error,
    });
  } finally {
    module.destroy();
  }
}
