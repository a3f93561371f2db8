import { open } from 'node:fs/promises';
import { KegcheckError } from '../../kegcheck-error.js';

/**
 * Writes a file a command creates (`init --out`, `import --out`, a scaffolded
 * package). Without `force` an existing file is refused (`<command>-exists`)
 * in the same step that creates the new one ('wx'), so nothing is replaced by
 * a race; any other failure is `<command>-write`.
 */
export async function writeNewFile(path: string, text: string, force: boolean, command: 'init' | 'import'): Promise<void> {
  let handle;
  try {
    handle = await open(path, force ? 'w' : 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new KegcheckError(`${command}-exists`, `${path} exists; pass --force to overwrite it`, { location: { file: path }, cause: error });
    throw new KegcheckError(`${command}-write`, `cannot write ${path}: ${code ?? String(error)}`, { location: { file: path }, cause: error });
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
