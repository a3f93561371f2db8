import type { PluginSpec } from '../../../host/plugin-spec.js';
import type { Keg, KegPlugin } from '../../../keg/keg.js';
import type { CheckResult } from '../../../model/result.js';
import type { Suite } from '../../suite.js';
import { exportsCheck } from './interface/exports-check.js';
import { importsCheck } from './interface/imports-check.js';
import type { InterfaceCheck, InterfaceCheckInput } from './interface/interface-check.js';
import { manifestCheck } from './interface/manifest-check.js';
import { typeCheck } from './interface/type-check.js';
import { wasmCheck } from './interface/wasm-check.js';

/** Outcome of the static checks: results, whether calls may run, and which functions cannot be called. */
export interface InterfaceOutcome {
  readonly checks: CheckResult[];
  readonly callable: boolean;
  readonly wasmPath: string | undefined;
  /** Suite functions the plugin does not export with the Extism shape. */
  readonly unusable: ReadonlySet<string>;
  /** Only unresolved imports stand in the way: cases expecting a link-error may still call. */
  readonly unlinkable?: boolean;
}

/** The static checks, in report order; a new one is a file under interface/ and an entry here. */
export const INTERFACE_CHECKS: readonly InterfaceCheck[] = [typeCheck, manifestCheck, wasmCheck, exportsCheck, importsCheck];

/**
 * Static checks before any call (see INTERFACE_CHECKS). Calls may run when
 * the type matches and every import is provided.
 */
export async function interfaceChecks(suite: Suite, keg: Keg, plugin: KegPlugin, spec: Omit<PluginSpec, 'wasmPath'>): Promise<InterfaceOutcome> {
  const input: InterfaceCheckInput = { suite, keg, plugin, spec, unusable: new Set() };
  const checks: CheckResult[] = [];
  for (const check of INTERFACE_CHECKS) {
    const started = performance.now();
    const verdict = await check.run(input);
    checks.push({
      id: `interface:${check.id}`,
      kind: 'interface',
      name: check.name,
      status: verdict.status,
      durationMs: performance.now() - started,
      ...(verdict.message === undefined ? {} : { message: verdict.message }),
      ...verdict.extra,
    });
    if (verdict.stop === true) return { checks, callable: false, wasmPath: undefined, unusable: input.unusable };
  }
  const passed = (id: string): boolean => checks.find((c) => c.id === `interface:${id}`)?.status === 'pass';
  const typeOk = passed(typeCheck.id);
  const importsOk = passed(importsCheck.id);
  return { checks, callable: typeOk && importsOk, wasmPath: plugin.wasmPath, unusable: input.unusable, unlinkable: typeOk && !importsOk };
}
