import { readFile } from 'node:fs/promises';
import type { InterfaceCheck, InterfaceVerdict } from './interface-check.js';

/** plugin.wasm exists, reads and validates; without it no function can be called. */
export const wasmCheck: InterfaceCheck = {
  id: 'wasm',
  name: 'plugin.wasm is a valid module',
  run: async (input): Promise<InterfaceVerdict> => {
    const { plugin, suite } = input;
    let problem: string | undefined;
    if (plugin.wasmPath === undefined) problem = `plugin '${plugin.name}' has no plugin.wasm in ${plugin.dir}`;
    else {
      try {
        input.bytes = new Uint8Array(await readFile(plugin.wasmPath));
        if (!WebAssembly.validate(input.bytes)) problem = `${plugin.wasmPath} is not a valid WebAssembly module`;
      } catch (error) {
        problem = `cannot read ${plugin.wasmPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      }
    }
    if (problem === undefined && input.bytes !== undefined) return { status: 'pass' };
    for (const f of suite.functions) input.unusable.add(f.name);
    return { status: 'fail', ...(problem === undefined ? {} : { message: problem }), stop: true };
  },
};
