import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { Supervisor } from '../../host/supervisor.js';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import { loadKeg } from '../../keg/load-keg.js';
import { PackageStore } from '../../keg/package-store.js';
import { callableExports, observeOutputs, scaffoldSuite } from '../../suite/scaffold-suite.js';
import { EXIT_CANNOT_RUN, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

const USAGE = [
  'Usage: kegcheck init <keg:plugin | keg-folder | file.keg> [--out FILE] [--force] [--no-probe] [--store DIR]',
  '',
  'Scaffolds a suite for the plugin\'s type from its exports of shape () -> i32: one',
  '[[functions]] entry each, a golden case from one call with empty input (unless',
  '--no-probe), and a deterministic property each. A keg with several plugins needs',
  'keg:plugin. Writes to stdout, or to --out FILE, which must not exist unless --force.',
].join('\n');

async function pickPlugin(target: string, store: PackageStore, cwd: string): Promise<{ keg: Keg; plugin: KegPlugin }> {
  const located = await store.locate(target);
  if (located !== undefined || !target.includes(':')) {
    const keg = await loadKeg(located ?? resolve(cwd, target), { cwd });
    const [only, ...more] = keg.plugins;
    if (only !== undefined && more.length === 0) return { keg, plugin: only };
    const names = keg.plugins.map((p) => `${target}:${p.name}`).join(', ') || 'none';
    await keg.dispose();
    throw new KegcheckError('init-ambiguous', `keg ${target} has ${keg.plugins.length} plugins; name one: ${names}`, { location: { file: target } });
  }
  return store.resolve(target);
}

export const command: Command = {
  summary: 'scaffold a suite from a plugin\'s exports',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs('init', USAGE, argv, { out: { type: 'string' }, force: { type: 'boolean' }, 'no-probe': { type: 'boolean' }, store: { type: 'string', multiple: true } });
    const [target, ...extra] = parsed.positionals;
    if (target === undefined || extra.length > 0) {
      io.stderr(`kegcheck init: name exactly one keg:plugin or keg\n\n${USAGE}\n`);
      return EXIT_CANNOT_RUN;
    }
    const store = PackageStore.fromEnvironment({ storeDirs: parsed.values.store ?? [], env: io.env, cwd: io.cwd });
    const { keg, plugin } = await pickPlugin(target, store, io.cwd);
    let text: string;
    try {
      const exports = await callableExports(plugin);
      if (exports.length === 0) {
        throw new KegcheckError('init-no-exports', `plugin ${plugin.name} has no built plugin.wasm with exports of shape () -> i32`, { location: { file: plugin.dir } });
      }
      let observed;
      if (parsed.values['no-probe'] !== true) {
        const supervisor = new Supervisor({ workers: 1 });
        try {
          observed = await observeOutputs(supervisor, keg, plugin, exports);
        } finally {
          await supervisor.close();
        }
      }
      text = scaffoldSuite(keg, plugin, exports, observed);
    } finally {
      await keg.dispose();
    }
    if (parsed.values.out === undefined) {
      io.stdout(text);
      return EXIT_OK;
    }
    const out = resolve(io.cwd, parsed.values.out);
    let handle;
    try {
      // 'wx' refuses to replace an existing file in the same step that creates it.
      handle = await open(out, parsed.values.force === true ? 'w' : 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new KegcheckError('init-exists', `${out} exists; pass --force to overwrite it`, { location: { file: out } });
      throw new KegcheckError('init-write', `cannot write ${out}: ${code ?? String(error)}`, { location: { file: out }, cause: error });
    }
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    io.stderr(`kegcheck init: wrote ${out}\n`);
    return EXIT_OK;
  },
};
