import { readFile } from 'node:fs/promises';
import { formatFinding } from '../../format-finding.js';
import { unresolvedImports } from '../../host/check-imports.js';
import type { PluginSpec } from '../../host/plugin-spec.js';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import type { CheckStatus, InterfaceCheckResult } from '../../model/result.js';
import type { Suite } from '../suite.js';
import { EXTISM_EXPORT_SHAPES, exportFunctionTypes, formatFunctionType, isExtismExportType } from './wasm-export-types.js';

// Outcome of the static checks: results, whether calls may run, and which functions cannot be called.
export interface InterfaceOutcome {
  readonly checks: InterfaceCheckResult[];
  readonly callable: boolean;
  readonly wasmPath: string | undefined;
  // Suite functions the plugin does not export with the Extism shape.
  readonly unusable: ReadonlySet<string>;
  // Only unresolved imports stand in the way: cases expecting a link-error may still call.
  readonly unlinkable?: boolean;
}

function check(id: string, name: string, status: CheckStatus, started: number, message?: string, extra: Pick<InterfaceCheckResult, 'location'> = {}): InterfaceCheckResult {
  return {
    id: `interface:${id}`,
    kind: 'interface',
    name,
    status,
    durationMs: performance.now() - started,
    ...(message === undefined ? {} : { message }),
    ...extra,
  };
}

// Static checks before any call: keg.toml type equals the suite type, the
// manifest has no errors, the wasm is valid, every suite function is exported
// as `() -> i32` or `() -> ()` (Extism hosts call both; the second is
// success unless it sets an error), and every import is provided (kernel, kegs host functions,
// the suite's mocks, WASI when the suite allows it).
export async function interfaceChecks(suite: Suite, keg: Keg, plugin: KegPlugin, spec: Omit<PluginSpec, 'wasmPath'>): Promise<InterfaceOutcome> {
  const checks: InterfaceCheckResult[] = [];
  let started = performance.now();
  const typeOk = plugin.type === suite.type;
  checks.push(
    check('type', 'plugin type matches the suite', typeOk ? 'pass' : 'fail', started, typeOk ? undefined : `keg.toml declares type '${plugin.type}' for plugin '${plugin.name}'; the suite certifies '${suite.type}'`, {
      location: { file: suite.file },
    }),
  );

  started = performance.now();
  const manifestErrors = keg.findings.filter((f) => f.severity === 'error');
  checks.push(
    check(
      'manifest',
      'keg manifest is valid',
      manifestErrors.length === 0 ? 'pass' : 'fail',
      started,
      manifestErrors.length === 0 ? undefined : manifestErrors.map((f) => formatFinding(f, { expected: false })).join('\n'),
    ),
  );

  started = performance.now();
  const unusable = new Set<string>();
  let bytes: Uint8Array | undefined;
  let wasmProblem: string | undefined;
  if (plugin.wasmPath === undefined) wasmProblem = `plugin '${plugin.name}' has no plugin.wasm in ${plugin.dir}`;
  else {
    try {
      bytes = new Uint8Array(await readFile(plugin.wasmPath));
      if (!WebAssembly.validate(bytes)) wasmProblem = `${plugin.wasmPath} is not a valid WebAssembly module`;
    } catch (error) {
      wasmProblem = `cannot read ${plugin.wasmPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  checks.push(check('wasm', 'plugin.wasm is a valid module', wasmProblem === undefined ? 'pass' : 'fail', started, wasmProblem));
  if (wasmProblem !== undefined || bytes === undefined) {
    for (const f of suite.functions) unusable.add(f.name);
    return { checks, callable: false, wasmPath: undefined, unusable };
  }

  started = performance.now();
  let types: Map<string, { params: readonly string[]; results: readonly string[] }>;
  try {
    types = exportFunctionTypes(bytes);
  } catch (error) {
    types = new Map();
    wasmProblem = error instanceof Error ? error.message : String(error);
  }
  const problems: string[] = [];
  for (const fn of suite.functions) {
    const type = types.get(fn.name);
    if (type === undefined) {
      problems.push(`missing export '${fn.name}'`);
      unusable.add(fn.name);
    } else if (!isExtismExportType(type)) {
      problems.push(`export '${fn.name}' has type ${formatFunctionType(type)}; Extism exports are ${EXTISM_EXPORT_SHAPES}`);
      unusable.add(fn.name);
    }
  }
  checks.push(
    check('exports', `required exports are ${EXTISM_EXPORT_SHAPES}`, problems.length === 0 ? 'pass' : 'fail', started, problems.length === 0 ? undefined : problems.join('\n'), {
      location: suite.functions[0]?.at ?? { file: suite.file },
    }),
  );

  started = performance.now();
  const missingImports = unresolvedImports(plugin.imports, spec);
  checks.push(
    check(
      'imports',
      'imports are provided by the host',
      missingImports.length === 0 ? 'pass' : 'fail',
      started,
      missingImports.length === 0
        ? undefined
        : `imports nothing provides (kernel, kegs host functions, suite mocks${spec.wasi === true ? ', WASI' : '; WASI is off for this suite'}):\n${missingImports.map((m) => `  ${m}`).join('\n')}`,
    ),
  );

  return { checks, callable: typeOk && missingImports.length === 0, wasmPath: plugin.wasmPath, unusable, unlinkable: typeOk && missingImports.length > 0 };
}
