import { relative } from 'node:path';
import { DEFAULT_TIMEOUT_MS } from '../../host/plugin-spec.js';
import { UserCodeThread } from '../../_internals/user-code-thread.js';
import type { PluginRunContext } from './plugin-context.js';

// Importing a module may take longer than one call (tsx compiles a .ts first);
// its top level still runs under a deadline.
const MIN_LOAD_DEADLINE_MS = 5000;

export type UserResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/**
 * A module a property names (an oracle, a model), run off the run's thread
 * under the property's deadline (the call timeout): a function that never
 * returns ends the check as `error` with "<kind> <file> did not return within
 * N ms", one that throws with the module and its message.
 */
export interface UserModule {
  readonly label: string;
  /** The function exports of the module. */
  readonly exports: readonly string[];
  call(name: string, args: readonly unknown[]): Promise<UserResult>;
  init(session: number): Promise<UserResult>;
  step(session: number, name: string, input: unknown): Promise<UserResult>;
  drop(session: number): Promise<void>;
  close(): Promise<void>;
}

export function userCodeDeadline(ctx: Pick<PluginRunContext, 'timeoutMs'>): number {
  return ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}

/** Loads `file` in a thread of its own; `kind` names it in messages ("oracle", "model"). */
export async function openUserModule(kind: string, file: string, suiteFile: string, deadlineMs: number): Promise<{ ok: true; module: UserModule } | { ok: false; message: string }> {
  const label = `${kind} ${relative(`${suiteFile}/..`, file) || file}`;
  const thread = new UserCodeThread();
  const loaded = await thread.request({ op: 'load', file }, label, Math.max(deadlineMs, MIN_LOAD_DEADLINE_MS));
  if (!loaded.ok) {
    await thread.close();
    return { ok: false, message: loaded.kind === 'timeout' ? `${label} did not finish loading within ${Math.max(deadlineMs, MIN_LOAD_DEADLINE_MS)} ms` : `cannot load ${label}: ${loaded.message.replace(`${label} threw: `, '')}` };
  }
  const result = (p: Promise<{ ok: true; value: unknown } | { ok: false; message: string }>): Promise<UserResult> => p.then((r) => (r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message }));
  return {
    ok: true,
    module: {
      label,
      exports: loaded.value as string[],
      call: (name, args) => result(thread.request({ op: 'call', file, name, args }, label, deadlineMs)),
      init: (session) => result(thread.request({ op: 'init', file, session }, `${label} init()`, deadlineMs)),
      step: (session, name, input) => result(thread.request({ op: 'step', file, session, name, input }, label, deadlineMs)),
      drop: async (session) => {
        await thread.request({ op: 'drop', file, session }, label, deadlineMs);
      },
      close: () => thread.close(),
    },
  };
}
