import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../_internals/schema-validator.js';

/** One reason a value breaks a schema: ajv's keyword and where. */
export interface SchemaViolation {
  readonly keyword: string;
  /** JSON pointer into the value. */
  readonly instancePath: string;
  /** JSON pointer into the schema (ajv's schemaPath without the leading `#`). */
  readonly schemaPath: string;
  readonly message: string;
}

/**
 * An input schema compiled once: the whole schema, plus validators for the
 * subschema at any JSON pointer (oneOf alternatives, for coverage), sharing
 * one ajv instance so local `$ref`s resolve against the root.
 */
export interface CompiledSchema {
  readonly schema: object | boolean;
  validate(value: unknown): boolean;
  /** Why `value` breaks the schema; empty when it does not. */
  violations(value: unknown): SchemaViolation[];
  validateAt(pointer: string, value: unknown): boolean;
}

let counter = 0;

/**
 * Compiles a draft 2020-12 schema with ajv and ajv-formats (full mode),
 * through the one validator service: ajv is loaded at the first schema, so a
 * suite without input_schema never loads its compiler. One ajv instance per
 * schema (two schemas sharing an `$id` would collide in a shared one).
 * @throws the ajv error when the schema does not compile.
 */
export function compileSchema(schema: object | boolean): CompiledSchema {
  const ajv = createAjv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: true });
  counter += 1;
  // A private $id makes every subschema addressable as `<id>#<pointer>`.
  const id = `urn:kegcheck:input-schema:${counter}`;
  const root = typeof schema === 'boolean' ? schema : { ...schema, $id: id };
  let validate: ValidateFunction;
  if (typeof root === 'boolean') validate = ajv.compile(root);
  else {
    ajv.addSchema(root);
    validate = ajv.compile({ $ref: id });
  }
  const at = new Map<string, ValidateFunction>();
  return {
    schema,
    validate: (value) => validate(value),
    violations(value) {
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e) => toViolation(e, id));
    },
    validateAt(pointer, value) {
      if (typeof root === 'boolean' || pointer === '') return validate(value);
      let fn = at.get(pointer);
      if (fn === undefined) {
        fn = ajv.compile({ $ref: `${id}#${pointer.split('/').map(encodeURIComponent).join('/')}` });
        at.set(pointer, fn);
      }
      return fn(value);
    },
  };
}

function toViolation(e: ErrorObject, id: string): SchemaViolation {
  // Through the wrapper's $ref, schemaPath reads `urn:…/properties/a/type` or `urn:…#/…`.
  let schemaPath = e.schemaPath.startsWith(id) ? e.schemaPath.slice(id.length) : e.schemaPath;
  if (schemaPath.startsWith('#')) schemaPath = schemaPath.slice(1);
  return { keyword: e.keyword, instancePath: e.instancePath, schemaPath, message: e.message ?? e.keyword };
}
