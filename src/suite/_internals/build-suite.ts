import { userSchemaValidator } from '../../_internals/schema-validator.js';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Field, Signature } from '../../codec/signature.js';
import type { Finding } from '../../finding.js';
import { pointerToKeyPath, type TomlDocument } from '../../_internals/toml-document.js';
import type {
  ArgConstraints,
  CaseStep,
  DeclaredAt,
  Expectation,
  ExpectedFail,
  ExpectedLog,
  GoldenCase,
  HostFunctionSpec,
  HostSettings,
  PropertyCheck,
  PropertySpec,
  Suite,
  SuiteFunction,
  SuiteValue,
} from '../suite.js';
import { argNamesOf, buildSequenceSpec, modelDefaultFunction } from './build-sequence-spec.js';
import { buildHostOptions, stepCallExpectations } from './build-host-options.js';
import { expectedOutcome } from './expected-outcome.js';
import { convertField, convertRaw, hexToBytes, toI64, toJsonValue } from './suite-values.js';
import { caseInputProblems, readInputSchema } from './input-schema.js';
import type { SuiteFindingCode } from '../../finding-code.js';

type Table = Record<string, unknown>;

// Default number of runs of a property when the suite gives none.
export const DEFAULT_PROPERTY_RUNS = 100;

const CONSTRAINT_KEYS = ['min', 'max', 'max_length', 'alphabet'] as const;

// Turns a schema-valid suite document into a Suite, checking what a schema
// cannot: references between functions, cases and properties, values against
// declared types, regexes, output schemas and file paths.
export function buildSuite(doc: TomlDocument): { suite: Suite | undefined; findings: Finding[] } {
  const findings: Finding[] = [];
  const file = doc.file;
  const suiteDir = dirname(file);
  const at = (pointer: string): DeclaredAt => {
    const pos = doc.locate(pointer);
    return pos === undefined ? { file } : { file, line: pos.line, column: pos.column };
  };
  const report = (code: SuiteFindingCode, pointer: string, message: string, expected?: string, severity: 'error' | 'warning' = 'error'): void => {
    const keyPath = pointerToKeyPath(pointer);
    findings.push({
      code,
      severity,
      message: `${keyPath === '' ? 'suite' : keyPath}: ${message}`,
      ...(expected === undefined ? {} : { expected }),
      location: { ...at(pointer), pointer, keyPath },
    });
  };
  const root = doc.value;
  const head = root['suite'] as Table;
  const hostTable = (root['host'] ?? {}) as Table;

  const suiteHostOptions = { ...buildHostOptions(hostTable, suiteDir, at, report), wasi: hostTable['wasi'] === true };
  const CASE_HOST_KEYS = ['allowed_hosts', 'http', 'http_response_headers', 'max_http_response_bytes', 'max_var_bytes', 'allowed_paths', 'strict_mocks'];

  const functions = new Map<string, SuiteFunction>();
  ((root['functions'] ?? []) as Table[]).forEach((fn, i) => {
    const built = buildFunction(fn, `/functions/${i}`);
    if (built === undefined) return;
    if (functions.has(built.name)) report('suite-duplicate-function', `/functions/${i}/name`, `function '${built.name}' is declared twice`);
    else functions.set(built.name, built);
  });

  function buildFunction(fn: Table, pointer: string): SuiteFunction | undefined {
    const name = fn['name'] as string;
    let ok = true;
    if (fn['input'] !== undefined && fn['args'] !== undefined) {
      report('suite-function-shape', `${pointer}/args`, `function '${name}' has both raw 'input' and packed 'args'`, 'one of input or args');
      ok = false;
    }
    if (fn['output'] !== undefined && fn['returns'] !== undefined) {
      report('suite-function-shape', `${pointer}/returns`, `function '${name}' has both raw 'output' and packed 'returns'`, 'one of output or returns');
      ok = false;
    }
    if (fn['output'] === undefined && fn['returns'] === undefined) {
      report('suite-function-shape', pointer, `function '${name}' says nothing about its output`, "output = \"string|bytes|json|none\" or returns = [{ name, type }, ...]");
      ok = false;
    }
    for (const side of ['args', 'returns'] as const) {
      const fields = fn[side] as Field[] | undefined;
      const seen = new Set<string>();
      fields?.forEach((field, j) => {
        if (seen.has(field.name)) {
          report('suite-function-shape', `${pointer}/${side}/${j}/name`, `field '${field.name}' appears twice`);
          ok = false;
        }
        seen.add(field.name);
      });
    }
    const output: Signature =
      fn['returns'] !== undefined ? { kind: 'packed', fields: fn['returns'] as Field[] } : { kind: 'raw', framing: (fn['output'] ?? 'none') as 'none' };
    const outputSchema = fn['output_schema'] as Table | undefined;
    if (outputSchema !== undefined) {
      if (output.kind !== 'raw' || output.framing !== 'json') {
        report('suite-function-shape', `${pointer}/output_schema`, 'output_schema applies to json output only', 'output = "json"');
        ok = false;
      } else {
        try {
          userSchemaValidator(outputSchema);
        } catch (error) {
          report('suite-output-schema', `${pointer}/output_schema`, `not a usable JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
          ok = false;
        }
      }
    }
    let inputSchema: { schema: Record<string, unknown>; file?: string } | undefined;
    if (fn['input_schema'] !== undefined) {
      if (fn['input'] !== 'json') {
        report('suite-function-shape', `${pointer}/input_schema`, 'input_schema applies to json input only', 'input = "json"');
        ok = false;
      } else {
        const read = readInputSchema(doc, fn['input_schema'], `${pointer}/input_schema`);
        if (read.ok) inputSchema = read;
        else {
          findings.push(...read.findings);
          ok = false;
        }
      }
    }
    const lenient = fn['lenient_decode'] ?? head['lenient_decode'];
    if (fn['lenient_decode'] !== undefined && output.kind !== 'packed') {
      report('suite-function-shape', `${pointer}/lenient_decode`, `lenient_decode applies to packed returns only; '${name}' has raw output`, 'returns = [{ name, type }, ...]', 'warning');
    }
    if (!ok) return undefined;
    return {
      name,
      ...(typeof fn['description'] === 'string' ? { description: fn['description'] } : {}),
      input: fn['args'] !== undefined ? { kind: 'packed', fields: fn['args'] as Field[] } : { kind: 'raw', framing: (fn['input'] ?? 'none') as 'none' },
      output,
      ...(outputSchema === undefined ? {} : { outputSchema }),
      ...(inputSchema === undefined ? {} : { inputSchema: inputSchema.schema, ...(inputSchema.file === undefined ? {} : { inputSchemaFile: inputSchema.file }) }),
      ...(lenient === true && output.kind === 'packed' ? { lenientDecode: true } : {}),
      at: at(pointer),
    };
  }

  const lookupFunction = (name: unknown, pointer: string): SuiteFunction | undefined => {
    const fn = typeof name === 'string' ? functions.get(name) : undefined;
    if (fn === undefined && typeof name === 'string' && !declaredFunctionNames(root).has(name)) {
      report('suite-unknown-function', pointer, `no [[functions]] entry named '${name}'`, `one of: ${[...functions.keys()].join(', ')}`);
    }
    return fn;
  };

  const convertInput = (fn: SuiteFunction, step: Table, pointer: string): SuiteValue[] | undefined => {
    if (fn.input.kind === 'raw') {
      if (step['args'] !== undefined) {
        report('suite-value', `${pointer}/args`, `function '${fn.name}' takes raw ${fn.input.framing} input, not packed args`, 'input = …');
        return undefined;
      }
      const converted = convertRaw(fn.input.framing, step['input']);
      if (!converted.ok) {
        report('suite-value', `${pointer}/input`, `input does not fit function '${fn.name}'`, converted.expected);
        return undefined;
      }
      return fn.input.framing === 'none' ? [] : [converted.value];
    }
    if (step['input'] !== undefined) {
      report('suite-value', `${pointer}/input`, `function '${fn.name}' takes packed args, not raw input`, `args = [${fn.input.fields.map((f) => f.name).join(', ')}]`);
      return undefined;
    }
    return convertFields(fn.input.fields, (step['args'] ?? []) as unknown[], `${pointer}/args`);
  };

  const convertFields = (fields: readonly Field[], values: unknown[], pointer: string): SuiteValue[] | undefined => {
    if (values.length !== fields.length) {
      report('suite-value', pointer, `${values.length} value(s) given for ${fields.length} field(s)`, `[${fields.map((f) => `${f.name}: ${f.type}`).join(', ')}]`);
      return undefined;
    }
    const out: SuiteValue[] = [];
    let ok = true;
    fields.forEach((field, i) => {
      const converted = convertField(field.type, values[i]);
      if (converted.ok) out.push(converted.value);
      else {
        report('suite-value', `${pointer}/${i}`, `value for '${field.name}' does not fit its type ${field.type}`, converted.expected);
        ok = false;
      }
    });
    return ok ? out : undefined;
  };

  const convertExpect = (fn: SuiteFunction, expect: Table, pointer: string): Expectation | undefined => {
    if (expect['outcome'] !== undefined) return expectedOutcome(expect, pointer, report);
    const [kind, value] = Object.entries(expect)[0] as [string, unknown];
    const p = `${pointer}/${kind}`;
    const rawOut = fn.output.kind === 'raw' ? fn.output.framing : undefined;
    switch (kind) {
      case 'json':
        if (rawOut !== 'json') {
          report('suite-expect', p, `function '${fn.name}' does not return json`, describeOutputExpectations(fn.output));
          return undefined;
        }
        return { kind: 'json', value: jsonForCompare(toJsonValue(value)) };
      case 'text':
        if (rawOut === undefined || rawOut === 'none') {
          report('suite-expect', p, `function '${fn.name}' does not return raw text`, describeOutputExpectations(fn.output));
          return undefined;
        }
        return { kind: 'text', text: value as string };
      case 'bytes': {
        const bytes = hexToBytes((value as { hex: string }).hex);
        if (bytes === undefined) {
          report('suite-expect', `${p}/hex`, 'not an even number of hex digits', 'pairs of hex digits, optionally separated by spaces or _');
          return undefined;
        }
        return { kind: 'bytes', bytes };
      }
      case 'returns': {
        if (fn.output.kind !== 'packed') {
          report('suite-expect', p, `function '${fn.name}' has raw output, not packed returns`, describeOutputExpectations(fn.output));
          return undefined;
        }
        const values = convertFields(fn.output.fields, value as unknown[], p);
        return values === undefined ? undefined : { kind: 'returns', values };
      }
      case 'error': {
        try {
          return { kind: 'error', pattern: new RegExp(value as string), source: value as string };
        } catch (error) {
          report('suite-regex', p, `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, 'a JavaScript regular expression');
          return undefined;
        }
      }
      case 'file': {
        const relativePath = value as string;
        const path = resolve(suiteDir, relativePath);
        const rel = relative(suiteDir, path);
        if (isAbsolute(relativePath) || rel.startsWith('..')) {
          report('suite-golden-path', p, `golden file '${relativePath}' is outside the suite's folder`, 'a path relative to the suite file, inside its folder');
          return undefined;
        }
        return { kind: 'file', path, relative: relativePath };
      }
      default:
        return undefined;
    }
  };

  const buildStep = (step: Table, pointer: string, functionName: unknown, functionPointer: string): CaseStep | undefined => {
    const fn = lookupFunction(functionName, functionPointer);
    if (fn === undefined) return undefined;
    if (step['expect'] === undefined) {
      report('suite-case-shape', pointer, 'a case needs an expect table', 'expect = { json | text | bytes | returns | error | file | outcome = … }');
      return undefined;
    }
    const input = convertInput(fn, step, pointer);
    const expect = convertExpect(fn, step['expect'] as Table, `${pointer}/expect`);
    if (input === undefined || expect === undefined) return undefined;
    // A case that contradicts its own function's contract is the suite's mistake.
    const broken = caseInputProblems(fn, input[0]);
    if (broken.length > 0) {
      for (const v of broken) report('suite-input-schema-case', `${pointer}/input${v.instancePath}`, `input breaks input_schema of '${fn.name}': '${v.keyword}' ${v.message} (schema ${v.schemaPath})`, 'an input input_schema accepts');
      return undefined;
    }
    return {
      function: fn.name,
      input,
      expect,
      ...(typeof step['tolerance'] === 'number' ? { tolerance: step['tolerance'] } : {}),
      ...(Array.isArray(step['prints']) ? { prints: step['prints'] as string[] } : {}),
      ...(Array.isArray(step['logs']) ? { logs: step['logs'] as ExpectedLog[] } : {}),
      ...(Array.isArray(step['static_reads']) ? { staticReads: step['static_reads'] as string[] } : {}),
      ...stepCallExpectations(step),
      at: at(pointer),
    };
  };

  const cases: GoldenCase[] = [];
  const caseNames = new Set<string>();
  ((root['cases'] ?? []) as Table[]).forEach((raw, index) => {
    const pointer = `/cases/${index}`;
    const steps = raw['steps'] as Table[] | undefined;
    let built: CaseStep[] = [];
    if (steps !== undefined) {
      const stray = ['function', 'input', 'args', 'expect', 'http_requests', 'host_calls'].filter((k) => raw[k] !== undefined);
      if (stray.length > 0) {
        report('suite-case-shape', `${pointer}/${stray[0] ?? ''}`, `a case with steps keeps '${stray.join("', '")}' inside each step`, '[[cases.steps]] tables');
        return;
      }
      const maybe = steps.map((s, j) => buildStep(s, `${pointer}/steps/${j}`, s['function'], `${pointer}/steps/${j}/function`));
      if (maybe.some((s) => s === undefined)) return;
      built = maybe as CaseStep[];
    } else {
      if (raw['function'] === undefined) {
        report('suite-case-shape', pointer, 'a case names the function it calls', 'function = "…" (or steps = [...])');
        return;
      }
      const step = buildStep(raw, pointer, raw['function'], `${pointer}/function`);
      if (step === undefined) return;
      built = [step];
    }
    const first = built[0];
    const name = typeof raw['name'] === 'string' ? raw['name'] : `${first?.function ?? 'case'}#${index + 1}`;
    if (caseNames.has(name)) {
      report('suite-duplicate-case', `${pointer}/name`, `case name '${name}' is used twice; names identify cases in reports and expected_fail`);
      return;
    }
    caseNames.add(name);
    cases.push({
      index,
      name,
      stateful: raw['stateful'] === true || built.length > 1,
      steps: built,
      ...(raw['config'] === undefined ? {} : { config: raw['config'] as Record<string, string> }),
      ...(typeof raw['timeout_ms'] === 'number' ? { timeoutMs: raw['timeout_ms'] } : {}),
      ...(CASE_HOST_KEYS.some((k) => raw[k] !== undefined) ? { host: buildHostOptions(raw, suiteDir, at, report, pointer, suiteHostOptions) } : {}),
      at: at(pointer),
    });
  });

  const properties: PropertySpec[] = [];
  const propertyNames = new Set<string>();
  ((root['properties'] ?? []) as Table[]).forEach((raw, index) => {
    const pointer = `/properties/${index}`;
    const check = raw['check'] as PropertyCheck;
    const fn = lookupFunction(raw['function'] ?? (check === 'model' ? modelDefaultFunction(raw, functions) : undefined), `${pointer}/function`);
    if (fn === undefined) return;
    const sequence = buildSequenceSpec(raw, pointer, check, fn, { suiteDir, functions, lookupFunction, report, constraintsFor: (f, known) => buildConstraints(raw, argNamesOf(f), pointer, known) });
    if (sequence === undefined) return;
    const argNames = argNamesOf(fn);
    const constraints = sequence === 'none' ? buildConstraints(raw, argNames, pointer) : sequence.constraints[fn.name];
    if (constraints === undefined) return;
    const limit = [...CONSTRAINT_KEYS, 'constraints', 'args'].find((k) => raw[k] !== undefined);
    if (fn.inputSchema !== undefined && limit !== undefined) {
      report('suite-property', `${pointer}/${limit}`, `'${limit}' is ignored: input_schema of '${fn.name}' drives generation`, 'bounds in input_schema (maxLength, minimum, …)', 'warning');
    }
    if (check === 'rejects_invalid' && fn.inputSchema === undefined) {
      report('suite-property', `${pointer}/check`, `rejects_invalid draws inputs that break input_schema; '${fn.name}' has none`, 'input = "json" with input_schema = { … }');
      return;
    }
    if (check === 'roundtrip' && !sameShape(fn.input, fn.output)) {
      report('suite-property', `${pointer}/check`, `roundtrip needs output shaped like the input; '${fn.name}' maps ${describeShape(fn.input)} to ${describeShape(fn.output)}`, 'an echo-shaped function');
      return;
    }
    let oracle: string | undefined;
    if (check === 'oracle') {
      if (typeof raw['oracle'] !== 'string') {
        report('suite-property', pointer, 'an oracle property names its oracle module', 'oracle = "oracles/<name>.mjs"');
        return;
      }
      oracle = resolve(suiteDir, raw['oracle']);
      if (!existsSync(oracle)) {
        report('suite-oracle-missing', `${pointer}/oracle`, `oracle module ${oracle} does not exist`, 'a .mjs/.js/.ts module beside the suite');
        return;
      }
    } else if (raw['oracle'] !== undefined) {
      report('suite-property', `${pointer}/oracle`, `'oracle' is only read by check = "oracle"`, undefined, 'warning');
    }
    const base = typeof raw['name'] === 'string' ? raw['name'] : `${check}:${fn.name}`;
    let name = base;
    for (let n = 2; propertyNames.has(name); n++) name = `${base}#${n}`;
    propertyNames.add(name);
    properties.push({
      index,
      name,
      function: fn.name,
      check,
      runs: typeof raw['runs'] === 'number' ? raw['runs'] : DEFAULT_PROPERTY_RUNS,
      constraints,
      ...(oracle === undefined ? {} : { oracle }),
      ...(typeof raw['reference'] === 'string' ? { reference: resolve(suiteDir, raw['reference']) } : {}),
      ...(typeof raw['tolerance'] === 'number' ? { tolerance: raw['tolerance'] } : {}),
      freshInstance: raw['fresh_instance'] === true,
      ...(raw['config'] === undefined ? {} : { config: raw['config'] as Record<string, string> }),
      ...(sequence === 'none' ? {} : { sequence }),
      at: at(pointer),
    });
  });

  // `known`: the argument names the property's tables may use (a model's span several functions).
  function buildConstraints(raw: Table, argNames: readonly string[], pointer: string, known: readonly string[] = argNames): Record<string, ArgConstraints> | undefined {
    const shared = readConstraint(raw, pointer);
    const out: Record<string, ArgConstraints> = {};
    for (const arg of argNames) out[arg] = shared;
    let ok = true;
    for (const key of ['constraints', 'args'] as const) {
      const table = raw[key] as Record<string, Table> | undefined;
      for (const [arg, c] of Object.entries(table ?? {})) {
        if (!known.includes(arg)) {
          report('suite-property', `${pointer}/${key}/${arg}`, `no argument named '${arg}'`, argNames.length === 0 ? 'no constraints (the function takes no input)' : `one of: ${argNames.join(', ')}`);
          ok = false;
          continue;
        }
        if (argNames.includes(arg)) out[arg] = { ...shared, ...readConstraint(c, `${pointer}/${key}/${arg}`) };
      }
    }
    return ok ? out : undefined;
  }

  function readConstraint(table: Table, pointer: string): ArgConstraints {
    const c: { -readonly [K in keyof ArgConstraints]: ArgConstraints[K] } = {};
    for (const key of CONSTRAINT_KEYS) {
      const value = table[key];
      if (value === undefined) continue;
      if (key === 'min' || key === 'max') {
        const bound = typeof value === 'number' && !Number.isInteger(value) ? value : toI64(value);
        if (bound === undefined) report('suite-value', `${pointer}/${key}`, 'bound out of i64 range', 'a number or a decimal string within i64');
        else c[key] = bound;
      } else if (key === 'alphabet') c.alphabet = value as string;
      else c.maxLength = value as number;
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) report('suite-value', `${pointer}/min`, `min ${String(c.min)} is above max ${String(c.max)}`);
    return c;
  }

  const hostFunctions: HostFunctionSpec[] = [];
  ((hostTable['functions'] ?? []) as Table[]).forEach((raw, i) => {
    const returns = raw['returns'] as HostFunctionSpec['returns'];
    let value: SuiteValue | undefined;
    if (raw['value'] !== undefined) {
      if (returns === 'none') {
        report('suite-value', `/host/functions/${i}/value`, 'a mock returning none takes no value');
        return;
      }
      const converted = convertField(returns, raw['value']);
      if (!converted.ok) {
        report('suite-value', `/host/functions/${i}/value`, `mock value does not fit its type ${returns}`, converted.expected);
        return;
      }
      value = converted.value;
    }
    hostFunctions.push({ name: raw['name'] as string, returns, ...(value === undefined ? {} : { value }) });
  });
  const host: HostSettings = {
    ...(typeof hostTable['timeout_ms'] === 'number' ? { timeoutMs: hostTable['timeout_ms'] } : {}),
    ...(typeof hostTable['max_memory_pages'] === 'number' ? { maxMemoryPages: hostTable['max_memory_pages'] } : {}),
    ...(typeof hostTable['max_output_bytes'] === 'number' ? { maxOutputBytes: hostTable['max_output_bytes'] } : {}),
    config: (hostTable['config'] ?? {}) as Record<string, string>,
    functions: hostFunctions,
    ...suiteHostOptions,
    wasi: hostTable['wasi'] === true,
  };

  const expectedFail: ExpectedFail[] = ((root['expected_fail'] ?? []) as Table[]).map((raw, i) => ({
    keg: raw['keg'] as string,
    ...(typeof raw['plugin'] === 'string' ? { plugin: raw['plugin'] } : {}),
    check: raw['check'] as string,
    reason: raw['reason'] as string,
    at: at(`/expected_fail/${i}`),
  }));

  if (findings.some((f) => f.severity === 'error')) return { suite: undefined, findings };
  return {
    suite: {
      file,
      type: head['type'] as string,
      version: head['version'] as string,
      ...(typeof head['description'] === 'string' ? { description: head['description'] } : {}),
      ...(typeof head['reference'] === 'string' ? { reference: resolve(suiteDir, head['reference']) } : {}),
      fixtures: ((head['fixtures'] ?? []) as string[]).map((f) => resolve(suiteDir, f)),
      host,
      functions: [...functions.values()],
      cases,
      properties,
      expectedFail,
    },
    findings,
  };
}

// A function whose own declaration failed is not also "unknown" where it is used.
function declaredFunctionNames(root: Table): Set<string> {
  return new Set(((root['functions'] ?? []) as Table[]).map((f) => f['name']).filter((n): n is string => typeof n === 'string'));
}

function sameShape(a: Signature, b: Signature): boolean {
  if (a.kind === 'raw') return b.kind === 'raw' && a.framing === b.framing;
  if (b.kind === 'raw') return false;
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.type === b.fields[i]?.type);
}

function describeShape(sig: Signature): string {
  return sig.kind === 'raw' ? `raw ${sig.framing}` : `(${sig.fields.map((f) => f.type).join(', ')})`;
}

function describeOutputExpectations(output: Signature): string {
  if (output.kind === 'packed') return 'expect = { returns = [...] }, bytes, error or file';
  if (output.framing === 'json') return 'expect = { json = … }, text, bytes, error or file';
  if (output.framing === 'none') return 'expect = { bytes = { hex = "" } }, error or file';
  return 'expect = { text = "…" }, bytes, error or file';
}

// JSON from TOML may hold bigints (integers beyond 2^53 from a lenient parser); comparisons use JSON numbers.
function jsonForCompare(value: SuiteValue): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}
