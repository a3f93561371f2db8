import { describe, expect, it } from 'vitest';
import { unresolvedImports } from './check-imports.js';

const fn = (module: string, name: string): WebAssembly.ModuleImportDescriptor => ({ module, name, kind: 'function' });

describe('unresolvedImports', () => {
  it('accepts the Extism kernel and the kegs host functions', () => {
    const imports = [fn('extism:host/env', 'input_length'), fn('extism:host/env', 'log_trace'), fn('extism:host/user', 'keg_get_static_resource'), fn('extism:host/user', 'keg_log')];
    expect(unresolvedImports(imports, {})).toEqual([]);
  });

  it('names what nothing provides', () => {
    const imports = [fn('extism:host/user', 'launch_missiles'), fn('extism:host/env', 'no_such_kernel_fn'), fn('env', 'abort')];
    expect(unresolvedImports(imports, {})).toEqual(['extism:host/user::launch_missiles', 'extism:host/env::no_such_kernel_fn', 'env::abort']);
  });

  it('counts suite-declared mocks as provided', () => {
    expect(unresolvedImports([fn('extism:host/user', 'lookup')], { hostFunctions: [{ name: 'lookup', returns: 'str' }] })).toEqual([]);
  });

  it('provides WASI only when the suite allows it', () => {
    const imports = [fn('wasi_snapshot_preview1', 'fd_write')];
    expect(unresolvedImports(imports, {})).toEqual(['wasi_snapshot_preview1::fd_write']);
    expect(unresolvedImports(imports, { wasi: true })).toEqual([]);
    expect(unresolvedImports([fn('wasi_snapshot_preview1', 'made_up')], { wasi: true })).toEqual(['wasi_snapshot_preview1::made_up']);
  });

  it('never provides memories, tables or globals', () => {
    const memory: WebAssembly.ModuleImportDescriptor = { module: 'env', name: 'memory', kind: 'memory' };
    expect(unresolvedImports([memory], { wasi: true })).toEqual(['env::memory (memory)']);
  });
});
