import type * as YamlNamespace from 'yaml';
import { KegcheckError, type SourceLocation } from '../kegcheck-error.js';
import type { RawFraming } from '../codec/signature.js';
import { jsonSchemaArbitrary } from '../codec/json-schema-arbitrary.js';
import { tomlString, tomlValue } from './_internals/toml-inline.js';
import { parseSuite } from './load-suite.js';

/** Options of importXtpSchema. */
export interface XtpImportOptions {
  /** The `[suite] type` of the suite written (a dotted plugin type). */
  readonly type: string;
  /** The `[suite] version` (default 0.1.0). */
  readonly version?: string;
}

/** The suite written from an XTP Schema, and what was left out or adapted on the way. */
export interface XtpImport {
  readonly toml: string;
  readonly functions: readonly string[];
  readonly hostFunctions: readonly string[];
  readonly notes: readonly string[];
}

/** XTP Schema versions this importer reads. */
export const XTP_VERSIONS = ['v1-draft'] as const;

const CONTENT_TYPES: Readonly<Record<string, RawFraming>> = {
  'application/json': 'json',
  'text/plain; charset=utf-8': 'string',
  'application/x-binary': 'bytes',
};
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const XTP_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'buffer']);
const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

type Json = Record<string, unknown>;
type YamlModule = typeof YamlNamespace;

// yaml is an optional peer dependency: only `kegcheck import` needs it.
async function loadYaml(): Promise<YamlModule> {
  try {
    return await import('yaml');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new KegcheckError('dependency-missing', "kegcheck import needs the npm package 'yaml'; run `npm install yaml@2.9.1`", { location: { file: 'package.json' }, cause: error });
    }
    throw error;
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns a Dylibso XTP Schema (YAML, `version: v1-draft`) into a kegcheck
 * suite: each export a `[[functions]]` entry (framing from the content type
 * of its input and output, `output_schema` from a JSON output's schema with
 * every `$ref` to `#/components/schemas/...` inlined), each import a
 * `[[host.functions]]` stub, and a `conforms` property per function. Throws
 * KegcheckError (`xtp-yaml`, `xtp-version`, `xtp-invalid`, `xtp-ref`) naming
 * the file, the key path and line:column; the result always loads as a valid suite.
 */
export async function importXtpSchema(text: string, file: string, options: XtpImportOptions): Promise<XtpImport> {
  const YAML = await loadYaml();
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (path: readonly (string | number)[]): SourceLocation => {
    const keyPath = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    const node = path.length === 0 ? doc.contents : (doc.getIn(path, true) as { range?: [number, number, number] } | undefined);
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
    return { file, ...(keyPath === '' ? {} : { keyPath }), ...(pos === undefined ? {} : { line: pos.line, column: pos.col }) };
  };
  const fail = (code: 'xtp-invalid' | 'xtp-ref' | 'xtp-version', path: readonly (string | number)[], message: string): never => {
    throw new KegcheckError(code, message, { location: at(path) });
  };
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    const pos = firstError.linePos?.[0];
    throw new KegcheckError('xtp-yaml', `not valid YAML: ${firstError.message.split('\n')[0] ?? ''}`, { location: { file, ...(pos === undefined ? {} : { line: pos.line, column: pos.col }) } });
  }
  const root: unknown = doc.toJS();
  if (!isObject(root)) return fail('xtp-invalid', [], 'an XTP Schema is a YAML mapping with version, exports, imports and components');
  const version = root['version'];
  if (typeof version !== 'string' || !(XTP_VERSIONS as readonly string[]).includes(version)) {
    const detail = version === 'v0' ? ' (v0 lists export names without types; convert it to v1-draft)' : '';
    return fail('xtp-version', ['version'], `unknown XTP Schema version ${JSON.stringify(version ?? null)}${detail}; kegcheck imports ${XTP_VERSIONS.join(', ')}`);
  }
  const components = isObject(root['components']) && isObject(root['components']['schemas']) ? root['components']['schemas'] : {};
  const notes: string[] = [];

  // XTP type information → JSON Schema, refs inlined; `path` is where `node` sits in the YAML.
  const convert = (node: unknown, path: readonly (string | number)[], seen: readonly string[]): Json => {
    if (!isObject(node)) return fail('xtp-invalid', path, 'expected a mapping describing a type');
    const out: Json = {};
    const ref = node['$ref'];
    if (ref !== undefined) {
      const match = typeof ref === 'string' ? /^#\/components\/schemas\/([^/]+)$/.exec(ref) : null;
      const name = match?.[1];
      if (name === undefined || !isObject(components[name])) return fail('xtp-ref', [...path, '$ref'], `$ref ${JSON.stringify(ref)} names no schema under components.schemas`);
      if (seen.includes(name)) return fail('xtp-ref', [...path, '$ref'], `$ref cycle: ${[...seen, name].join(' → ')} (XTP Schema does not allow recursive types)`);
      Object.assign(out, convert(components[name], ['components', 'schemas', name], [...seen, name]));
    }
    const type = node['type'];
    if (type !== undefined) {
      if (typeof type !== 'string' || !XTP_TYPES.has(type)) return fail('xtp-invalid', [...path, 'type'], `unknown XTP type ${JSON.stringify(type)}; expected one of ${[...XTP_TYPES].join(', ')}`);
      if (type === 'buffer') {
        // Inside JSON, XTP carries buffers as base64 text.
        out['type'] = 'string';
        out['contentEncoding'] = 'base64';
      } else {
        out['type'] = type;
      }
    }
    if (node['format'] === 'int32') Object.assign(out, INT32);
    if (typeof node['description'] === 'string') out['description'] = node['description'].trim();
    if (Array.isArray(node['enum'])) out['enum'] = node['enum'];
    if (node['items'] !== undefined) out['items'] = convert(node['items'], [...path, 'items'], seen);
    if (isObject(node['properties'])) {
      out['type'] ??= 'object';
      out['properties'] = Object.fromEntries(Object.entries(node['properties']).map(([key, value]) => [key, convert(value, [...path, 'properties', key], seen)]));
    }
    if (Array.isArray(node['required'])) out['required'] = node['required'];
    if (node['additionalProperties'] !== undefined) {
      out['type'] ??= 'object';
      const extra = node['additionalProperties'];
      out['additionalProperties'] = typeof extra === 'boolean' ? extra : convert(extra, [...path, 'additionalProperties'], seen);
    }
    if (node['nullable'] === true) {
      if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
      else return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  };

  const framing = (param: unknown, path: readonly (string | number)[]): RawFraming => {
    if (param === undefined) return 'none';
    if (!isObject(param)) return fail('xtp-invalid', path, 'expected a mapping with contentType and a type or $ref');
    const contentType = param['contentType'];
    const found = typeof contentType === 'string' ? CONTENT_TYPES[contentType] : undefined;
    if (found === undefined) return fail('xtp-invalid', [...path, 'contentType'], `unknown contentType ${JSON.stringify(contentType ?? null)}; expected one of ${Object.keys(CONTENT_TYPES).map((c) => `'${c}'`).join(', ')}`);
    return found;
  };

  const exportsNode = root['exports'];
  if (!isObject(exportsNode) || Object.keys(exportsNode).length === 0) return fail('xtp-invalid', ['exports'], 'exports must map at least one function name to its input and output');
  const lines: string[] = [
    `# Imported by \`kegcheck import\` from ${file.split('/').at(-1) ?? file} (XTP Schema ${version}).`,
    '# Framing comes from each contentType; output_schema from each JSON output, with $refs inlined.',
    '# Add golden [[cases]] and oracle properties: the schema says what shape a result has, not its value.',
    '',
    '[suite]',
    `type = ${tomlString(options.type)}`,
    `version = ${tomlString(options.version ?? '0.1.0')}`,
    `description = ${tomlString(`Plugins implementing the XTP Schema in ${file.split('/').at(-1) ?? file}`)}`,
  ];
  const functions: string[] = [];
  const properties: string[] = [];
  for (const [name, def] of Object.entries(exportsNode)) {
    const path = ['exports', name];
    if (!FUNCTION_NAME.test(name)) fail('xtp-invalid', path, `export name '${name}' is not an identifier (letters, digits, _)`);
    const fn = isObject(def) ? def : def === null ? {} : fail('xtp-invalid', path, 'expected a mapping with description, input and output');
    const input = framing(fn['input'], [...path, 'input']);
    const output = framing(fn['output'], [...path, 'output']);
    functions.push(name);
    lines.push('', '[[functions]]', `name = ${tomlString(name)}`);
    if (typeof fn['description'] === 'string' && fn['description'].trim() !== '') lines.push(`description = ${tomlString(fn['description'].trim())}`);
    lines.push(`input = ${tomlString(input)}`, `output = ${tomlString(output)}`);
    if (output === 'json') {
      const schema = convert(fn['output'], [...path, 'output'], []);
      delete schema['contentType'];
      if (Object.keys(schema).length > 0) lines.push(`output_schema = ${tomlValue(schema)}`);
    }
    const inputSchema = input === 'json' ? convert(fn['input'], [...path, 'input'], []) : {};
    delete inputSchema['contentType'];
    const constrained = Object.keys(inputSchema).some((k) => k !== 'description');
    const property = ['', '[[properties]]', `name = ${tomlString(`${name} conforms`)}`, `function = ${tomlString(name)}`, 'check = "conforms"', 'runs = 100'];
    // A JSON input schema kegcheck can draw from becomes input_schema: conforms then sends valid inputs only.
    const drawable = constrained ? jsonSchemaArbitrary(inputSchema) : undefined;
    if (drawable?.ok === true) {
      lines.push(`input_schema = ${tomlValue(inputSchema)}`);
      properties.push(
        ...property,
        '',
        `# Enable if every ${name} must refuse input its schema excludes (a plugin error, not a trap):`,
        ...['[[properties]]', `name = ${tomlString(`${name} rejects invalid input`)}`, `function = ${tomlString(name)}`, 'check = "rejects_invalid"', 'runs = 100'].map((l) => `# ${l}`),
      );
      notes.push(`${name}: input_schema from the export's input schema; conforms draws inputs from it (rejects_invalid is commented out)`);
    } else if (constrained) {
      // kegcheck draws arbitrary JSON for json input: a plugin may rightly refuse input its schema excludes.
      properties.push('', `# ${name} takes JSON input with a schema; kegcheck would draw arbitrary JSON, which a`, '# correct plugin may refuse. Enable this once the plugin accepts any JSON, or add [[cases]].', ...property.slice(1).map((l) => `# ${l}`));
      const why = drawable?.ok === false ? `: ${drawable.problems[0]?.message ?? 'not usable as input_schema'}` : '';
      notes.push(`${name}: the conforms property is commented out (JSON input with a schema kegcheck cannot draw from${why})`);
    } else {
      properties.push(...property);
    }
  }
  const hostFunctions: string[] = [];
  const importsNode = root['imports'];
  if (importsNode !== undefined && importsNode !== null) {
    if (!isObject(importsNode)) fail('xtp-invalid', ['imports'], 'imports must map host function names to their input and output');
    for (const [name, def] of Object.entries(importsNode as Json)) {
      const path = ['imports', name];
      if (!FUNCTION_NAME.test(name)) fail('xtp-invalid', path, `import name '${name}' is not an identifier (letters, digits, _)`);
      const fn = isObject(def) ? def : {};
      framing(fn['input'], [...path, 'input']);
      const output = framing(fn['output'], [...path, 'output']);
      hostFunctions.push(name);
      const returns = output === 'none' ? 'none' : output === 'bytes' ? 'bin' : 'str';
      lines.push('', '# Stub: returns a constant; set `value` to what a host would answer.', '[[host.functions]]', `name = ${tomlString(name)}`, `returns = ${tomlString(returns)}`);
      if (returns === 'str') lines.push(`value = ${tomlString(output === 'json' ? JSON.stringify(sampleJson(convert(fn['output'], [...path, 'output'], []))) : '')}`);
      if (returns === 'bin') lines.push('value = { hex = "" }');
    }
  }
  lines.push(...properties, '');
  const toml = lines.join('\n');
  const check = parseSuite(toml, file.replace(/\.ya?ml$/i, '.suite.toml'));
  if (check.kind !== 'ok') {
    throw new Error(`internal error: the imported suite does not load: ${check.findings.map((f) => `${f.location.keyPath ?? ''} ${f.message}`).join('; ')}`);
  }
  return { toml, functions, hostFunctions, notes };
}

// The simplest JSON value a (converted) schema accepts, for host function stubs.
function sampleJson(schema: Json): unknown {
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  if (Array.isArray(schema['anyOf'])) return null;
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return 0;
    case 'string':
      return '';
    case 'array':
      return [];
    case 'object': {
      const props = (schema['properties'] ?? {}) as Record<string, Json>;
      const required = (schema['required'] ?? []) as string[];
      return Object.fromEntries(required.filter((k) => props[k] !== undefined).map((k) => [k, sampleJson(props[k] ?? {})]));
    }
    default:
      return null;
  }
}
