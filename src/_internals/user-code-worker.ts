// The entry of a user-code thread (see user-code-thread.ts): it imports the
// modules a suite names (oracles, models) and runs their functions on request,
// so a module that loops or blocks stalls this thread, never the run.
import { parentPort } from 'node:worker_threads';
import { importUserModule } from './import-user-module.js';
import type { UserCodeReply, UserCodeRequest } from './user-code-protocol.js';

const port = parentPort;
if (port === null) throw new Error('user-code-worker must run in a worker thread');

const modules = new Map<string, Record<string, unknown>>();
// A model's state stays here between steps: it need not survive a copy between threads.
const sessions = new Map<number, unknown>();

async function moduleAt(file: string): Promise<Record<string, unknown>> {
  let mod = modules.get(file);
  if (mod === undefined) {
    mod = await importUserModule(file);
    modules.set(file, mod);
  }
  return mod;
}

function exported(mod: Record<string, unknown>, name: string): (...args: unknown[]) => unknown {
  const fn = mod[name];
  if (typeof fn !== 'function') throw new Error(`it exports no function '${name}'`);
  return fn as (...args: unknown[]) => unknown;
}

async function answer(request: UserCodeRequest): Promise<unknown> {
  const mod = await moduleAt(request.file);
  switch (request.op) {
    case 'load':
      return Object.keys(mod).filter((key) => typeof mod[key] === 'function');
    case 'call':
      return await exported(mod, request.name)(...request.args);
    case 'init':
      sessions.set(request.session, await exported(mod, 'init')());
      return undefined;
    case 'step': {
      const result = (await exported(mod, request.name)(sessions.get(request.session), request.input)) as { state?: unknown; output?: unknown } | null;
      if (result === null || typeof result !== 'object' || !('output' in result)) throw new Error(`'${request.name}' returned ${describe(result)}, not { state, output }`);
      sessions.set(request.session, result.state);
      return result.output;
    }
    case 'drop':
      sessions.delete(request.session);
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) ?? 'an object' : `${typeof value} ${String(value)}`;
}

function reply(message: UserCodeReply): void {
  try {
    port?.postMessage(message);
  } catch (error) {
    // A value structured clone cannot copy (a function, a class with private fields).
    port?.postMessage({ id: message.id, ok: false, message: `returned a value kegcheck cannot copy: ${error instanceof Error ? error.message : String(error)}` } satisfies UserCodeReply);
  }
}

port.on('message', (request: UserCodeRequest) => {
  answer(request).then(
    (value) => reply({ id: request.id, ok: true, value }),
    (error: unknown) => reply({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies UserCodeReply);
