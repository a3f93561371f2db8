import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

// A path that cannot be stat'ed (missing, no permission) is simply absent here;
// the callers report absence in their own terms.
export async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

export async function pathExists(path: string): Promise<boolean> {
  return (await statOrUndefined(path)) !== undefined;
}
