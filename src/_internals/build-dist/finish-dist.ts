// Completes dist/ after `tsc -p tsconfig.build.json` (npm run build): ajv's
// standalone validators for kegcheck's own schemas, the schemas themselves
// (shipped for editors as kegcheck/schemas/*) and the plain-JS worker of the
// AssemblyScript compiler. Not part of the published package.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';
import { MANIFEST_VALIDATOR_OPTIONS } from '../schema-validate.js';
import { createAjv, validatorModuleName } from '../schema-validator.js';
import { EXPECTED_FAIL_FILE_SCHEMA } from '../../suite/load-expected-fail.js';
import { REPORT_SCHEMA, REPORT_VALIDATOR_OPTIONS } from '../../report/validate-report.js';

const require = createRequire(import.meta.url);
const standaloneCode = (require('ajv/dist/standalone/index.js') as { default: (ajv: unknown, validate: ValidateFunction) => string }).default;

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(SRC, '..', 'dist');

async function writeValidator(dir: string, schema: object, options: Options): Promise<string> {
  const ajv = createAjv({ ...options, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  const name = validatorModuleName(schema, options);
  await writeFile(join(dir, name), code);
  return name;
}

const validators = join(DIST, '_internals', 'validators');
await rm(validators, { recursive: true, force: true });
await mkdir(validators, { recursive: true });
const schemaDir = join(SRC, 'schemas');
await mkdir(join(DIST, 'schemas'), { recursive: true });
const written: string[] = [];
for (const file of (await readdir(schemaDir)).filter((f) => f.endsWith('.schema.json')).sort()) {
  await copyFile(join(schemaDir, file), join(DIST, 'schemas', file));
  const schema = JSON.parse(await readFile(join(schemaDir, file), 'utf8')) as object;
  const isReport = JSON.stringify(schema) === JSON.stringify(REPORT_SCHEMA);
  written.push(`${file}: ${await writeValidator(validators, schema, isReport ? REPORT_VALIDATOR_OPTIONS : MANIFEST_VALIDATOR_OPTIONS)}`);
}
written.push(`expected-fail: ${await writeValidator(validators, EXPECTED_FAIL_FILE_SCHEMA, MANIFEST_VALIDATOR_OPTIONS)}`);

for (const worker of ['build/_internals/asc-worker.mjs']) {
  await mkdir(dirname(join(DIST, worker)), { recursive: true });
  await copyFile(join(SRC, worker), join(DIST, worker));
}
process.stderr.write(`dist: ${written.length} validators\n${written.map((line) => `  ${line}\n`).join('')}`);
