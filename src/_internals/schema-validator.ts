import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';
import type * as Ajv2020Module from 'ajv/dist/2020.js';

// Compiling a schema with ajv costs ~100 ms per schema (plus ~40 ms to load
// ajv), and the CLI validates keg.toml and the suite on every run. The
// published package therefore carries ajv's standalone output of kegcheck's
// own schemas, generated when dist/ is built (src/_internals/build-dist/):
// plain JS that loads in about a millisecond. A schema without a generated
// validator (running from the TypeScript sources, or a user's schema) is
// compiled here, once per process.
const require = createRequire(import.meta.url);

/** The name of the generated validator module for `schema` under `options`: a hash of both. */
export function validatorModuleName(schema: object, options: Options): string {
  const key = createHash('sha256').update(`${JSON.stringify(options)}\0${JSON.stringify(schema)}`).digest('hex');
  return `ajv-${key.slice(0, 32)}.cjs`;
}

const compiled = new Map<string, ValidateFunction>();

/** An ajv instance configured as kegcheck's validators are (draft 2020-12 with ajv-formats). */
export function createAjv(options: Options): Ajv2020Module.Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv2020Module.Ajv2020) => unknown }).default;
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

/**
 * The validator of one of kegcheck's schemas: the standalone module generated
 * at build time when there is one for exactly this schema and these options,
 * else an ajv compile (cached for the process).
 */
export function schemaValidator(schema: object, options: Options): ValidateFunction {
  const name = validatorModuleName(schema, options);
  let validate = compiled.get(name);
  if (validate !== undefined) return validate;
  try {
    validate = require(`./validators/${name}`) as ValidateFunction;
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    validate = createAjv(options).compile(schema);
  }
  compiled.set(name, validate);
  return validate;
}

const userValidators = new WeakMap<object, ValidateFunction>();
// Worker tasks receive each suite schema as a fresh structured-clone copy, so
// identity alone missed every time there (a new Ajv and a meta-schema compile
// per property task); the text of the schema finds the validator again.
const byText = new Map<string, ValidateFunction>();
// Bounded: a long-lived library user may feed many distinct schemas.
const BY_TEXT_LIMIT = 64;

/**
 * The validator of a schema a suite gives (`output_schema`): one ajv instance
 * per schema (two schemas sharing an `$id` would collide in a shared one),
 * compiled once however many places ask, and ajv loaded only when a suite has
 * such a schema. Throws ajv's error for a schema that does not compile.
 */
export function userSchemaValidator(schema: object): ValidateFunction {
  let validate = userValidators.get(schema);
  if (validate !== undefined) return validate;
  const text = JSON.stringify(schema);
  validate = byText.get(text);
  if (validate === undefined) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
    validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    if (byText.size >= BY_TEXT_LIMIT) byText.delete(byText.keys().next().value as string);
  }
  // Refreshed as the most recent: the oldest entry is the one dropped.
  byText.delete(text);
  byText.set(text, validate);
  userValidators.set(schema, validate);
  return validate;
}
