import { EXTISM_KERNEL, KEGS_FUNCTIONS, KEGS_USER, KERNEL_FUNCTIONS, WASI_FUNCTIONS, WASI_PREVIEW1 } from './_internals/host-namespaces.js';
import type { PluginSpec } from './plugin-spec.js';

/**
 * Which imports nothing provides: Extism kernel (extism:host/env), kegs host
 * functions, mocks, WASI when allowed. Each entry reads `module::name`, with
 * the kind appended for non-function imports (`env::memory (memory)`).
 */
export function unresolvedImports(
  imports: readonly WebAssembly.ModuleImportDescriptor[],
  spec: Pick<PluginSpec, 'wasi' | 'hostFunctions'>,
): string[] {
  const mocks = new Set((spec.hostFunctions ?? []).map((m) => m.name));
  const missing: string[] = [];
  for (const entry of imports) {
    const label = `${entry.module}::${entry.name}`;
    if (entry.kind !== 'function') {
      missing.push(`${label} (${entry.kind})`);
      continue;
    }
    const provided =
      (entry.module === EXTISM_KERNEL && KERNEL_FUNCTIONS.has(entry.name)) ||
      (entry.module === KEGS_USER && (KEGS_FUNCTIONS.has(entry.name) || mocks.has(entry.name))) ||
      (entry.module === WASI_PREVIEW1 && spec.wasi === true && WASI_FUNCTIONS.has(entry.name));
    if (!provided) missing.push(label);
  }
  return missing;
}
