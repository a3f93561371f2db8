import { pathToFileURL } from 'node:url';
import { KegcheckError } from '../kegcheck-error.js';

const TYPESCRIPT = /\.[cm]?tsx?$/i;

type TsImport = (specifier: string, parent: string) => Promise<unknown>;
let tsImport: Promise<TsImport> | undefined;

function loadTsx(file: string): Promise<TsImport> {
  tsImport ??= import('tsx/esm/api').then(
    (api) => api.tsImport as TsImport,
    (error: unknown) => {
      tsImport = undefined;
      throw new KegcheckError('tsx-missing', `${file} is TypeScript, which kegcheck loads through tsx, and tsx is not installed; run \`npm i -D tsx\``, {
        location: { file },
        cause: error,
      });
    },
  );
  return tsImport;
}

/**
 * Imports a module a suite names (an oracle, a model, a mock script). A
 * TypeScript module goes through tsx, an optional peer dependency, loaded
 * only then; JavaScript is imported as it is.
 */
export async function importUserModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (TYPESCRIPT.test(file)) {
    const load = await loadTsx(file);
    return (await load(url, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(url)) as Record<string, unknown>;
}
