import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { assertTreeBuilt, buildTree } from '../../build/build-tree.js';

/** A temp folder holding the bench's own keg copies and suites; `dispose` removes it all. */
export interface BenchWorkspace {
  readonly dir: string;
  /** Copies `fixtureKeg` `count` times as `<dir>/<group>/<name>_<n>`, each with its own package name. */
  copies(fixtureKeg: string, group: string, count: number): Promise<string[]>;
  write(relPath: string, content: string): Promise<string>;
  dispose(): Promise<void>;
}

/**
 * Fixture plugins are built in place first (the up-to-date check makes this
 * free after the first time), then copied without sources or build output.
 */
export async function createBenchWorkspace(fixturesRoot: string): Promise<BenchWorkspace> {
  assertTreeBuilt(await buildTree(fixturesRoot), fixturesRoot);
  const dir = await mkdtemp(join(tmpdir(), 'kegcheck-bench-'));
  return {
    dir,
    async copies(fixtureKeg, group, count) {
      const manifest = parse(await readFile(join(fixtureKeg, 'keg.toml'), 'utf8'));
      const table = (manifest['package'] ?? manifest['keg']) as Record<string, unknown>;
      const base = String(table['name']);
      const out: string[] = [];
      for (let n = 0; n < count; n += 1) {
        const name = `${base}_${String(n).padStart(3, '0')}`;
        const target = join(dir, group, name);
        await cp(fixtureKeg, target, {
          recursive: true,
          filter: (src) => !/[/\\](src|target|dist)$/.test(src),
        });
        table['name'] = name;
        await writeFile(join(target, 'keg.toml'), stringify(manifest));
        out.push(target);
      }
      return out;
    },
    async write(relPath, content) {
      const path = join(dir, relPath);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
