import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Test support: kegs built on the fly from the WAT files beside this module,
// in one private temp folder that `dispose` removes.

export interface ScratchPlugin {
  readonly name: string;
  readonly type: string;
  /** File name of a .wat beside this module. */
  readonly wat: string;
  /** Text replacements applied to the WAT before compiling (build flags). */
  readonly replace?: Readonly<Record<string, string>>;
}

export interface ScratchRoot {
  readonly dir: string;
  keg(name: string, plugins: readonly ScratchPlugin[]): Promise<string>;
  file(relative: string, text: string): Promise<string>;
  dispose(): Promise<void>;
}

export async function scratchRoot(): Promise<ScratchRoot> {
  const dir = await mkdtemp(join(tmpdir(), 'kegcheck-suite-test-'));
  const { default: initWabt } = await import('wabt');
  const wabt = await initWabt();
  return {
    dir,
    async keg(name, plugins) {
      const root = join(dir, name);
      await mkdir(join(root, 'plugins'), { recursive: true });
      const manifest = [`[package]`, `name = "${name}"`, `version = "1.0.0"`, ''];
      for (const p of plugins) {
        manifest.push('[[plugins]]', `name = "${p.name}"`, `type = "${p.type}"`, '');
        let source = await readFile(new URL(p.wat, import.meta.url), 'utf8');
        for (const [from, to] of Object.entries(p.replace ?? {})) source = source.replaceAll(from, to);
        const module = wabt.parseWat(p.wat, source);
        try {
          const pluginDir = join(root, 'plugins', p.name);
          await mkdir(pluginDir, { recursive: true });
          await writeFile(join(pluginDir, 'plugin.wasm'), module.toBinary({}).buffer);
          await writeFile(join(pluginDir, 'metadata.toml'), `name = "${p.name}"\ntype = "${p.type}"\n`);
        } finally {
          module.destroy();
        }
      }
      await writeFile(join(root, 'keg.toml'), manifest.join('\n'));
      return root;
    },
    async file(relative, text) {
      const path = join(dir, relative);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, text);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
