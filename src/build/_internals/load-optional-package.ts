import { KegcheckError } from '../../kegcheck-error.js';

/** Imports a compiler package, turning "not installed" into a `toolchain-missing` error. */
export async function loadOptionalPackage<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new KegcheckError('toolchain-missing', `the npm package '${name}' is not installed; run \`npm install ${name}\``, {
        location: { file: 'package.json' },
        cause: error,
      });
    }
    throw error;
  }
}
