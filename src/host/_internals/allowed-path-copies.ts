import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/**
 * WASI `allowed_paths` served from copies: each fresh instance gets its own
 * copy of every host folder, so a plugin that writes never changes a suite's
 * files and never sees what an earlier instance wrote. Copies are removed
 * when the next instance replaces them, when the session closes, and at
 * thread exit for anything a stopped worker left.
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
    const dir = mkdtempSync(join(tmpdir(), 'kegcheck-paths-'));
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
  }
}
