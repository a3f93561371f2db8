import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// `--update-golden` over several keg × plugin items, maybe side by side: the
// writes of one golden file are serialised, each through a temp name of its
// own, and the first item to write a file in a run claims it. An item whose
// output disagrees with the claim does not overwrite it: the file goes back to
// what it held before the run and both items are named, since kegcheck
// cannot tell which plugin is right.

export type GoldenRead = { readonly ok: true; readonly stored: Buffer | undefined } | { readonly ok: false; readonly message: string };

/** A golden file's bytes, undefined when it does not exist, or why it cannot be read. */
export async function readGolden(path: string, relative: string): Promise<GoldenRead> {
  try {
    return { ok: true, stored: await readFile(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, stored: undefined };
    return { ok: false, message: `cannot read golden file ${relative}: ${code ?? ''} ${error instanceof Error ? error.message : String(error)}`.replace('  ', ' ') };
  }
}

/** Writes through a temp file of this writer's own, then renames it into place; never leaves the temp behind. */
export async function writeGolden(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

interface Claim {
  readonly writer: string;
  readonly content: string | Uint8Array;
  readonly original: Buffer | undefined;
  disagreed: boolean;
}

export type ClaimOutcome =
  | { readonly kind: 'first' }
  | { readonly kind: 'agrees' }
  | { readonly kind: 'disagrees'; readonly writer: string; readonly content: string | Uint8Array; readonly original: Buffer | undefined; readonly restored: boolean };

/** The golden files written in one run, and by whom. */
export class GoldenWrites {
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #claims = new Map<string, Claim>();

  /** Runs `task` after every earlier task on the same path. */
  serialize<T>(path: string, task: () => Promise<T>): Promise<T> {
    const next = (this.#queues.get(path) ?? Promise.resolve()).then(task);
    this.#queues.set(
      path,
      next.catch(() => undefined),
    );
    return next;
  }

  /**
   * Records that `writer` wants `content` in `path` (which held `stored`
   * before). The first claim wins the right to write; a later one that
   * disagrees (by `same`) undoes the first write, once.
   */
  claim(path: string, writer: string, content: string | Uint8Array, stored: Buffer | undefined, same: (a: string | Uint8Array, b: string | Uint8Array) => boolean): ClaimOutcome {
    const claim = this.#claims.get(path);
    if (claim === undefined) {
      this.#claims.set(path, { writer, content, original: stored, disagreed: false });
      return { kind: 'first' };
    }
    if (same(claim.content, content) && !claim.disagreed) return { kind: 'agrees' };
    const restored = !claim.disagreed;
    claim.disagreed = true;
    return { kind: 'disagrees', writer: claim.writer, content: claim.content, original: claim.original, restored };
  }
}

/** Puts back what a golden file held before the run (removes it if it did not exist). */
export async function restoreGolden(path: string, original: Buffer | undefined): Promise<void> {
  if (original === undefined) await rm(path, { force: true });
  else await writeGolden(path, original);
}
