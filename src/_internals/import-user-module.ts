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
    return withCommonJsExports((await load(url, import.meta.url)) as Record<string, unknown>);
  }
  return withCommonJsExports((await import(url)) as Record<string, unknown>);
}

// A .ts file in a project without "type": "module" is CommonJS to Node and
// tsx: its exports land on module.exports (marked __esModule), which ESM sees
// as the default export only. They are lifted so both kinds read alike.
function withCommonJsExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace['default'] as { __esModule?: unknown } | null | undefined;
  if (inner === null || typeof inner !== 'object' || inner.__esModule !== true) return namespace;
  return { ...namespace, ...(inner as Record<string, unknown>) };
}
