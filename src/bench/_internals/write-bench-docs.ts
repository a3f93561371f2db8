import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { parseBenchReport, renderBenchRegion, replaceBenchRegion } from './render-bench-docs.js';

/**
 * Rewrites the generated region of `docsFile` from the bench report at
 * `jsonFile`; the rest of the page is left as written. Returns whether the
 * file changed.
 */
export async function writeBenchDocs(jsonFile: string, docsFile: string, cwd = process.cwd()): Promise<boolean> {
  const shown = (path: string): string => relative(cwd, path) || path;
  let text: string;
  try {
    text = await readFile(jsonFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KegcheckError('bench-report-missing', `cannot read ${shown(jsonFile)} (${code ?? String(error)}); run \`npm run bench\` first`, { location: { file: jsonFile }, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KegcheckError('bench-report-invalid', `${shown(jsonFile)} is not JSON: ${(error as Error).message}`, { location: { file: jsonFile }, cause: error });
  }
  const region = renderBenchRegion(parseBenchReport(json, shown(jsonFile)), shown(jsonFile));
  const before = await readFile(docsFile, 'utf8');
  const after = replaceBenchRegion(before, region, shown(docsFile));
  if (after === before) return false;
  await writeFile(docsFile, after);
  return true;
}
