import { unresolvedImports } from '../../../../host/check-imports.js';
import { passOrFail, type InterfaceCheck } from './interface-check.js';

/** Every import is provided: the kernel, kegs host functions, the suite's mocks, WASI when the suite allows it. */
export const importsCheck: InterfaceCheck = {
  id: 'imports',
  name: 'imports are provided by the host',
  run: ({ plugin, spec }) => {
    const missing = unresolvedImports(plugin.imports, spec);
    return passOrFail(
      missing.length === 0,
      () => `imports nothing provides (kernel, kegs host functions, suite mocks${spec.wasi === true ? ', WASI' : '; WASI is off for this suite'}):\n${missing.map((m) => `  ${m}`).join('\n')}`,
    );
  },
};
