import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Finding } from '../finding.js';
import { closestName } from './closest-name.js';
import { allowedKeysAt } from './schema-allowed-keys.js';
import { schemaValidator } from './schema-validator.js';
import { pointerToKeyPath, type TomlDocument } from './toml-document.js';

// One ajv instance per schema: two schemas sharing an $id (e.g. a schema file
// and an edited copy) would otherwise collide in a shared instance.
const validators = new WeakMap<object, ValidateFunction>();

/** The ajv options every manifest and suite schema is compiled with. */
export const MANIFEST_VALIDATOR_OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true } as const;

function compile(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (validate === undefined) {
    validate = schemaValidator(schema, MANIFEST_VALIDATOR_OPTIONS);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Validates a parsed TOML document against a JSON Schema (draft 2020-12, all
 * errors, ajv-formats). Each ajv error becomes a Finding with code 'schema'
 * whose location names the file, the JSON pointer, the TOML key path and the
 * line:column of that key (the parent table's header for missing properties).
 */
export function validateAgainstSchema(schema: object, doc: TomlDocument): Finding[] {
  const validate = compile(schema);
  if (validate(doc.value)) return [];
  return (validate.errors ?? []).map((error) => toFinding(error, doc, schema));
}

function toFinding(error: ErrorObject, doc: TomlDocument, schema: object): Finding {
  const pointer = errorPointer(error);
  const keyPath = pointerToKeyPath(pointer);
  const position = doc.locate(pointer);
  const unknown = unknownKeyHelp(error, schema);
  const expected = unknown?.expected ?? expectedFrom(error);
  const subject = keyPath === '' ? 'document' : keyPath;
  return {
    code: 'schema',
    severity: 'error',
    message: `${subject} ${describe(error)}${unknown?.suggestion ?? ''}`,
    ...(expected === undefined ? {} : { expected }),
    location: {
      file: doc.file,
      pointer,
      keyPath,
      ...(position === undefined ? {} : { line: position.line, column: position.column }),
    },
  };
}

// ajv reports required and unknown properties on the parent object; naming the
// property itself gives a key path a person can act on.
function errorPointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child =
    error.keyword === 'required' || error.keyword === 'dependentRequired'
      ? params['missingProperty']
      : error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
        ? (params['additionalProperty'] ?? params['unevaluatedProperty'])
        : error.keyword === 'propertyNames'
          ? params['propertyName']
          : undefined;
  if (typeof child !== 'string') return error.instancePath;
  return `${error.instancePath}/${child.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * For a key the schema does not allow: the closest allowed key as "did you mean", and
 * every allowed key at that place as what was expected.
 */
function unknownKeyHelp(error: ErrorObject, schema: object): { suggestion: string; expected: string } | undefined {
  if (error.keyword !== 'additionalProperties' && error.keyword !== 'unevaluatedProperties') return undefined;
  const params = error.params as Record<string, unknown>;
  const key = params['additionalProperty'] ?? params['unevaluatedProperty'];
  const allowed = allowedKeysAt(schema, error.instancePath);
  if (typeof key !== 'string' || allowed.length === 0) return undefined;
  const closest = closestName(key, allowed);
  return {
    suggestion: closest === undefined ? '' : `; did you mean \`${closest}\`?`,
    expected: `one of the keys ${allowed.join(', ')}`,
  };
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return 'is required but missing';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not an allowed key here';
    default:
      return error.message ?? `fails schema keyword '${error.keyword}'`;
  }
}

function expectedFrom(error: ErrorObject): string | undefined {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return `a key "${String(p['missingProperty'])}"`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'only the keys the schema lists';
    case 'type':
      return `type ${Array.isArray(p['type']) ? p['type'].join(' or ') : String(p['type'])}`;
    case 'enum':
      return `one of ${JSON.stringify(p['allowedValues'])}`;
    case 'const':
      return `the value ${JSON.stringify(p['allowedValue'])}`;
    case 'pattern':
      return `a string matching ${String(p['pattern'])}`;
    case 'format':
      return `a string in format "${String(p['format'])}"`;
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return `${error.keyword.startsWith('min') ? 'at least' : 'at most'} ${String(p['limit'])}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `a number ${String(p['comparison'])} ${String(p['limit'])}`;
    case 'uniqueItems':
      return 'no duplicate items';
    default:
      return undefined;
  }
}
