import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options, ValidateFunction } from 'ajv';
import type * as Ajv2020Module from 'ajv/dist/2020.js';

// Compiling a schema with ajv costs ~100 ms per schema at every start (plus
// ~40 ms to load ajv): the CLI validates keg.toml and the suite on every run.
// ajv's standalone output of a compiled schema is plain JS that loads in
// about a millisecond, so it is cached on disk, keyed by the schema, the
// options and ajv's version. ajv itself is only loaded on a miss.
const require = createRequire(import.meta.url);

// The same folder as the CLI's bundle cache (src/host/_internals/compiled-entry.mjs).
function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env['KEGCHECK_CACHE_DIR']) return resolve(env['KEGCHECK_CACHE_DIR']);
  return fileURLToPath(new URL('../../node_modules/.cache/kegcheck/', import.meta.url));
}

let ajvVersion: string | undefined;

function cacheFile(dir: string, schema: object, options: Options): string {
  ajvVersion ??= (require('ajv/package.json') as { version: string }).version;
  const key = createHash('sha256').update(`${ajvVersion}\0${JSON.stringify(options)}\0${JSON.stringify(schema)}`).digest('hex');
  return join(dir, `ajv-${key.slice(0, 32)}.cjs`);
}

function loadStandalone(code: string): ValidateFunction {
  const module: { exports: unknown } = { exports: {} };
  // The code is ajv's own output written by compile() below into a folder only this user writes.
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports as ValidateFunction;
}

function compile(schema: object, options: Options): { validate: ValidateFunction; code: string } {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const addFormats = (require('ajv-formats') as { default: (ajv: Ajv2020Module.Ajv2020) => unknown }).default;
  const standaloneCode = (require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020Module.Ajv2020, validate: ValidateFunction) => string }).default;
  const ajv = new Ajv2020({ ...options, code: { source: true } });
  // With code.source set, ajv-formats points the standalone code at its own formats module.
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return { validate, code: standaloneCode(ajv, validate) };
}

/**
 * An ajv (draft 2020-12, ajv-formats) validator for `schema`: loaded from the
 * on-disk cache when this schema was compiled before with the same options,
 * else compiled and cached. A cache that cannot be read or written only
 * costs the compile; KEGCHECK_CACHE=off skips it.
 */
export function precompiledValidator(schema: object, options: Options, env: NodeJS.ProcessEnv = process.env): ValidateFunction {
  if (env['KEGCHECK_CACHE'] === 'off') return compile(schema, options).validate;
  const dir = defaultCacheDir(env);
  const file = cacheFile(dir, schema, options);
  let code: string | undefined;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    // Not cached yet.
  }
  if (code !== undefined) {
    try {
      return loadStandalone(code);
    } catch {
      // A truncated or foreign file: compile again and replace it.
    }
  }
  const compiled = compile(schema, options);
  const staging = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(staging, compiled.code);
    renameSync(staging, file);
  } catch {
    try {
      rmSync(staging, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
  }
  return compiled.validate;
}
