import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function packageVersion(entry: string, name: string): string {
  // @extism/extism does not export its package.json; walk up from its entry.
  let dir = dirname(require.resolve(entry));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version !== undefined) return pkg.version;
    } catch {
      // keep walking
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** kegcheck's own version, from package.json. */
export const KEGCHECK_VERSION: string = (require('../package.json') as { version: string }).version;
/** The @extism/extism SDK version kegcheck runs plugins with. */
export const EXTISM_VERSION: string = packageVersion('@extism/extism', '@extism/extism');
