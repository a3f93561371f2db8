import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

const live = new Set<string>();
let hooked = false;
let rootHooked = false;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

// Worker threads share the process id: every copy of this process lives under one root, which
// the main thread removes at exit, taking along what a worker stopped mid-call left behind.
function copyRoot(): string {
  return join(tmpdir(), `kegcheck-paths-${process.pid}`);
}

function removeRoot(): void {
  rmSync(copyRoot(), { recursive: true, force: true });
}

function onSignal(signal: NodeJS.Signals): void {
  removeRoot();
  process.off('exit', removeRoot);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

// Another thread may remove the (momentarily empty) root between the two steps: try again then.
function makeCopyDir(): string {
  for (let attempt = 0; ; attempt += 1) {
    mkdirSync(copyRoot(), { recursive: true });
    try {
      return mkdtempSync(join(copyRoot(), `${threadPrefix(threadId)}`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error;
    }
  }
}

// Each copy names its thread, so the thread that stopped a worker can remove what it left.
function threadPrefix(id: number): string {
  return `t${id}-`;
}

/**
 * Removes the copies a worker thread left behind (it was stopped mid-call,
 * before it could clean up). Call it once the thread has exited.
 */
export function removeAllowedPathCopiesOfThread(id: number): void {
  let entries: string[];
  try {
    entries = readdirSync(copyRoot());
  } catch {
    return;
  }
  const prefix = threadPrefix(id);
  for (const entry of entries) if (entry.startsWith(prefix)) rmSync(join(copyRoot(), entry), { recursive: true, force: true });
  try {
    rmdirSync(copyRoot());
  } catch {
    // Not empty (another thread's copies) or already gone.
  }
}

/**
 * Called on the thread that owns the process (the runner's): removes every
 * allowed_paths copy of this process at exit or on a signal, including those
 * of worker threads that were stopped before they could clean up.
 */
export function removeAllowedPathCopiesAtExit(): void {
  if (rootHooked) return;
  rootHooked = true;
  process.on('exit', removeRoot);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

/**
 * WASI `allowed_paths` served from copies: each fresh instance gets its own
 * copy of every host folder, so a plugin that writes never changes a suite's
 * files and never sees what an earlier instance wrote. Copies are removed
 * when the next instance replaces them, when the session closes, at thread
 * exit, and (see removeAllowedPathCopiesAtExit) at process exit.
 */
export class AllowedPathCopies {
  readonly #paths: Readonly<Record<string, string>>;
  #dir: string | undefined;

  constructor(paths: Readonly<Record<string, string>> | undefined) {
    this.#paths = paths ?? {};
  }

  get empty(): boolean {
    return Object.keys(this.#paths).length === 0;
  }

  /** Fresh copies; guest path → copy, for the SDK's `allowedPaths`. */
  fresh(): Record<string, string> {
    this.dispose();
    if (this.empty) return {};
    if (!hooked) {
      process.on('exit', removeLive);
      hooked = true;
    }
    const dir = makeCopyDir();
    live.add(dir);
    this.#dir = dir;
    const out: Record<string, string> = {};
    Object.entries(this.#paths).forEach(([guest, host], i) => {
      const copy = join(dir, String(i));
      cpSync(host, copy, { recursive: true });
      out[guest] = copy;
    });
    return out;
  }

  dispose(): void {
    const dir = this.#dir;
    this.#dir = undefined;
    if (dir === undefined) return;
    rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
    // The root goes too once empty (another session of this process may still hold a copy in it).
    try {
      rmdirSync(copyRoot());
    } catch {
      // ENOTEMPTY or already gone: the exit hook removes what remains.
    }
  }
}
