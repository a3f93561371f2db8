import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { KegcheckError } from '../../kegcheck-error.js';

/** True for the error Node gives when a package (not some file inside it) cannot be found. */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** The `toolchain-missing` error for an npm compiler package, naming the command that adds it. */
export function missingPackageError(name: string, cause: unknown): KegcheckError {
  const detail = cause instanceof Error ? ` (${cause.message.split('\n')[0] ?? ''})` : '';
  return new KegcheckError('toolchain-missing', `the npm package '${name}' is not installed${detail}; add it to your project: \`npm i -D ${name}\``, {
    location: { file: 'package.json' },
    cause,
  });
}

/**
 * Imports a compiler package, turning "not installed" into a `toolchain-missing`
 * error. Any other load failure is rethrown: it is not the user's plugin's fault.
 */
export async function loadOptionalPackage<T>(load: () => Promise<T>, name: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isModuleNotFound(error)) throw missingPackageError(name, error);
    throw error;
  }
}

/** The installed version of a package, as Node resolves it from kegcheck; `undefined` when unknown. */
export function installedVersion(name: string): string | undefined {
  try {
    const file = createRequire(import.meta.url).resolve(`${name}/package.json`);
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
