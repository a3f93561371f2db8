import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Temp dirs still alive are removed when the process exits, even if a caller
// forgot dispose() or the run was interrupted.
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeAllSync(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Exit path: nothing more can be done.
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllSync();
  uninstall();
  // Only re-raise when nobody else handles the signal: they decide then.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', removeAllSync);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', removeAllSync);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Creates `<root>/kegcheck-XXXXXX` and tracks it until released. */
export async function createTempDir(root: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(root, 'kegcheck-'));
  if (live.size === 0) install();
  live.add(dir);
  return dir;
}

/** Removes a temp dir made by createTempDir; safe to call twice. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  if (live.delete(dir) && live.size === 0) uninstall();
}

/** Temp dirs not yet removed (for tests). */
export function liveTempDirs(): readonly string[] {
  return [...live];
}
