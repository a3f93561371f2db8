// Messages between a UserCodeThread and its worker (user-code-worker.ts).

export type UserCodeRequest =
  | { readonly id: number; readonly op: 'load'; readonly file: string }
  | { readonly id: number; readonly op: 'call'; readonly file: string; readonly name: string; readonly args: readonly unknown[] }
  | { readonly id: number; readonly op: 'init'; readonly file: string; readonly session: number }
  | { readonly id: number; readonly op: 'step'; readonly file: string; readonly session: number; readonly name: string; readonly input: unknown }
  | { readonly id: number; readonly op: 'drop'; readonly file: string; readonly session: number };

/** id 0 with value 'ready' announces the thread booted. */
export type UserCodeReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string };
