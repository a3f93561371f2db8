/*
 * `npm run bench:docs`: renders reports/bench.json into the generated region
 * of docs/benchmarks.md (between <!-- bench:start --> and <!-- bench:end -->),
 * so the published figures are always those of a real run, never typed in.
 * `npm run bench` calls the same code at the end of a full run.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isKegcheckError } from '../kegcheck-error.js';
import { writeBenchDocs } from './_internals/write-bench-docs.js';

const USAGE = 'Usage: npm run bench:docs [-- --json reports/bench.json] [--docs docs/benchmarks.md]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), strict: true, options: { json: { type: 'string' }, docs: { type: 'string' } } }));
  } catch (error) {
    process.stderr.write(`bench:docs: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const json = resolve(values.json ?? 'reports/bench.json');
  const docs = resolve(values.docs ?? 'docs/benchmarks.md');
  try {
    const changed = await writeBenchDocs(json, docs);
    process.stdout.write(`bench:docs: ${changed ? 'updated' : 'unchanged'} ${values.docs ?? 'docs/benchmarks.md'} from ${values.json ?? 'reports/bench.json'}\n`);
    return 0;
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    process.stderr.write(`bench:docs: ${error.message} [${error.code}]\n`);
    return 2;
  }
}

process.exitCode = await main();
