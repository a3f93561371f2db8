import { basename, relative, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { Supervisor } from '../../host/supervisor.js';
import type { Keg, KegPlugin } from '../../keg/keg.js';
import { loadKeg } from '../../keg/load-keg.js';
import { PackageStore } from '../../keg/package-store.js';
import { callableExports, observeOutputs, scaffoldSuite } from '../../suite/scaffold-suite.js';
import { isPluginType, packageNameFrom, scaffoldSuitePackage } from '../../suite/scaffold-suite-package.js';
import { parseSuitePackageSpec } from '../../suite/suite-package.js';
import { EXIT_CANNOT_RUN, EXIT_OK, type CliIO, type Command } from '../cli-io.js';
import { writeNewFile } from '../_internals/write-new-file.js';
import { writeScaffold } from '../_internals/write-scaffold.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

const USAGE = [
  'Usage: kegcheck init <keg:plugin | keg-folder | file.keg> [--out FILE] [--force] [--no-probe] [--store DIR]',
  '       kegcheck init --package DIR [--type PLUGIN_TYPE] [--name NPM_NAME] [--force]',
  '',
  'Scaffolds a suite for the plugin\'s type from its exports of shape () -> i32: one',
  '[[functions]] entry each, a golden case from one call with empty input (unless',
  '--no-probe), and a deterministic property each. A keg with several plugins needs',
  'keg:plugin. Writes to stdout, or to --out FILE, which must not exist unless --force.',
  '',
  'With --package, scaffolds a publishable suite package in DIR instead: package.json',
  'with the "kegcheck" field, a suite, its oracle and a README (`npm pack` ready).',
  'The type defaults to example.<name>; DIR must be empty or new unless --force.',
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

async function initPackage(dirArg: string, values: { type?: string; name?: string; force?: boolean }, positionals: readonly string[], io: CliIO): Promise<number> {
  if (positionals.length > 0) throw new KegcheckError('usage', `--package takes no keg argument (got ${positionals.join(' ')})\n\n${USAGE}`, { location: { file: 'kegcheck init' } });
  const dir = resolve(io.cwd, dirArg);
  const name = values.name ?? packageNameFrom(basename(dir));
  const spec = parseSuitePackageSpec(name);
  if (spec === undefined || spec.suite !== undefined) {
    throw new KegcheckError('usage', `'${name}' is not a valid npm package name; pass --name`, { location: { file: 'kegcheck init', keyPath: '--name' } });
  }
  const type = values.type ?? `example.${name.replace(/^@[^/]*\//, '').replace(/[^A-Za-z0-9_]+/g, '_')}`;
  if (!isPluginType(type)) throw new KegcheckError('usage', `'${type}' is not a plugin type (dotted identifiers, e.g. acme.text.counter)`, { location: { file: 'kegcheck init', keyPath: '--type' } });
  const written = await writeScaffold(dir, scaffoldSuitePackage({ name, type }), values.force === true);
  for (const path of written) io.stderr(`kegcheck init: wrote ${path}\n`);
  io.stderr(`kegcheck init: suite package ${name} for type ${type}; try \`kegcheck run ${relative(io.cwd, dir) || '.'} <keg>\`, then \`npm pack\`\n`);
  return EXIT_OK;
}

export const command: Command = {
  summary: 'scaffold a suite from a plugin\'s exports, or a suite package (--package)',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs('init', USAGE, argv, {
      out: { type: 'string' },
      force: { type: 'boolean' },
      'no-probe': { type: 'boolean' },
      store: { type: 'string', multiple: true },
      package: { type: 'string' },
      type: { type: 'string' },
      name: { type: 'string' },
    });
    if (parsed.values.package !== undefined) return initPackage(parsed.values.package, parsed.values, parsed.positionals, io);
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
    await writeNewFile(out, text, parsed.values.force === true, 'init');
    io.stderr(`kegcheck init: wrote ${out}\n`);
    return EXIT_OK;
  },
};
