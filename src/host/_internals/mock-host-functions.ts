import { isAbsolute, resolve } from 'node:path';
import type { CallContext } from '@extism/extism';
import { importUserModule } from '../../_internals/import-user-module.js';
import type { HostFunctionMock } from '../plugin-spec.js';
import { noteHostCall, noteMockCall, type CallCapture } from './call-capture.js';
import { exactBytes } from './exact-bytes.js';
import { HostLimitError } from './host-limit-error.js';

type MockScript = (input: Uint8Array, calls: number) => unknown;
type HostFn = (ctx: CallContext, ...args: unknown[]) => unknown;

async function loadScript(mock: HostFunctionMock): Promise<MockScript | undefined> {
  if (mock.script === undefined) return undefined;
  const path = isAbsolute(mock.script) ? mock.script : resolve(mock.script);
  const module = (await importUserModule(path)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new HostLimitError('crash', `host function ${mock.name}: ${mock.script} has no default export function`);
  }
  return module.default as MockScript;
}

function hexToBytes(name: string, hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) {
    throw new HostLimitError('crash', `host function ${name}: bin value ${JSON.stringify(hex)} is not hex`);
  }
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function toBytes(mock: HostFunctionMock, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return exactBytes(value);
  if (mock.returns === 'bin' && typeof value === 'string') return hexToBytes(mock.name, value);
  return new TextEncoder().encode(String(value ?? ''));
}

/** Converts a mock's value into what wasm expects for its declared return type. */
function convert(mock: HostFunctionMock, ctx: CallContext, value: unknown): unknown {
  switch (mock.returns) {
    case 'none':
      return undefined;
    case 'i64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'boolean') return value ? 1n : 0n;
      try {
        return BigInt(typeof value === 'number' ? Math.trunc(value) : String(value ?? 0));
      } catch {
        throw new HostLimitError('crash', `host function ${mock.name}: ${JSON.stringify(value)} is not an i64`);
      }
    case 'f32':
      return typeof value === 'boolean' ? Number(value) : Number(value ?? 0);
    case 'str':
    case 'bin':
      // Always a Uint8Array: the SDK's store('') throws "failed to store output".
      return ctx.store(toBytes(mock, value));
  }
}

/** Suite-declared host functions for `extism:host/user`, constant or scripted. */
export async function mockHostFunctions(mocks: readonly HostFunctionMock[], capture: () => CallCapture): Promise<Record<string, HostFn>> {
  const out: Record<string, HostFn> = {};
  for (const mock of mocks) {
    const script = await loadScript(mock);
    let calls = 0;
    out[mock.name] = (ctx, ...args) => {
      const first = args[0];
      const view = typeof first === 'bigint' && first !== 0n ? ctx.read(first) : null;
      const current = capture();
      noteHostCall(current, mock.name);
      noteMockCall(current, mock.name, view === null ? new Uint8Array(0) : view.bytes());
      calls += 1;
      if (script === undefined) return convert(mock, ctx, mock.value);
      let value: unknown;
      try {
        value = script(view === null ? new Uint8Array(0) : view.bytes(), calls);
      } catch (error) {
        throw new HostLimitError('crash', `host function ${mock.name}: script failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return convert(mock, ctx, value);
    };
  }
  return out;
}
