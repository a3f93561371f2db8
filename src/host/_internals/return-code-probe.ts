// @extism/extism 1.0.3 calls the export and throws its i32 result away, so a
// plugin returning 1 without error_set would look like success. While a
// plugin is being created, WebAssembly.instantiate(Module) is wrapped so the
// SDK receives an instance whose exported functions record their result.

import { COVERAGE_TAKE_EXPORT } from './coverage/take-export.js';

let lastResult: unknown;
let lastInstance: WebAssembly.Instance | undefined;
let depth = 0;
let installed = false;
const original = WebAssembly.instantiate;

function facade(instance: WebAssembly.Instance): WebAssembly.Instance {
  const exports: Record<string, WebAssembly.ExportValue> = {};
  for (const [name, value] of Object.entries(instance.exports)) {
    // kegcheck's own coverage export is not the plugin's: its result is no return code.
    if (typeof value === 'function' && name !== COVERAGE_TAKE_EXPORT) {
      const fn = value as (...args: unknown[]) => unknown;
      // Extism exports take no arguments: give them a wrapper without rest/spread.
      exports[name] = (
        fn.length === 0
          ? () => (lastResult = fn())
          : (...args: unknown[]) => (lastResult = fn(...args))
      ) as WebAssembly.ExportValue;
    } else {
      exports[name] = value;
    }
  }
  return { exports } as WebAssembly.Instance;
}

// Installed once per thread (swapping the global per call would cost more
// than the call); it only wraps while a probed creation is under way.
const probing = (async (source: unknown, imports?: WebAssembly.Imports) => {
  const result = await (original as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>)(source, imports);
  if (depth === 0 || !(source instanceof WebAssembly.Module)) return result;
  lastInstance = facade(result as WebAssembly.Instance);
  return lastInstance;
}) as typeof WebAssembly.instantiate;

/** Runs `create` with instantiation probed; returns its value and the (wrapped) instance it created. */
export async function withReturnCodeProbe<T>(create: () => Promise<T>): Promise<{ value: T; instance: WebAssembly.Instance | undefined }> {
  if (!installed) {
    WebAssembly.instantiate = probing;
    installed = true;
  }
  depth += 1;
  lastInstance = undefined;
  try {
    const value = await create();
    return { value, instance: lastInstance };
  } finally {
    depth -= 1;
  }
}

/** Clears the recorded result before a call. */
export function resetReturnCode(): void {
  lastResult = undefined;
}

/** The i32 the last probed export returned (0 when it returned nothing). */
export function lastReturnCode(): number {
  return typeof lastResult === 'number' ? lastResult : 0;
}
