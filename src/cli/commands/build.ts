import { basename, relative, resolve } from 'node:path';
import { buildKeg, type PluginBuildResult } from '../../build/build-keg.js';
import { formatLocation } from '../../kegcheck-error.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

function describe(kegDir: string, result: PluginBuildResult): string {
  const where = relative(kegDir, result.pluginDir) || '.';
  switch (result.status) {
    case 'built':
      return `built       ${where}/${basename(result.wasmPath)}  ${result.toolchain ?? ''}: ${result.compiler ?? ''}, ${result.bytes ?? 0} bytes${result.reason === undefined ? '' : ` (${result.reason})`}\n`;
    case 'up-to-date':
      return `up-to-date  ${where}/${basename(result.wasmPath)}  ${result.toolchain ?? ''}\n`;
    case 'no-sources':
      return `no sources  ${where}  (plugin.wasm used as is)\n`;
    case 'failed': {
      const at = result.location === undefined ? '' : ` at ${formatLocation(result.location)}`;
      return `FAILED      ${where} [${result.code}]${at}\n${result.message}\n`;
    }
  }
}

export const command: Command = {
  summary: 'compile each plugin of a keg from its sources (Rust, AssemblyScript, WAT)',
  usage: [
    'Usage: kegcheck build <keg-folder> [--force] [--debug]',
    '',
    'Compiles plugins/<name>/src/{rust/<crate>,assemblyscript,wat} into plugins/<name>/plugin.wasm',
    'for every plugin declared in keg.toml, and writes plugins/<name>/plugin.build.json beside it',
    '(sha256 of the sources and of plugin.wasm, toolchain and compiler version). A plugin is',
    'rebuilt only when that fingerprint no longer matches its sources or its plugin.wasm, so',
    'committed builds need no toolchain. Rust uses cargo for wasm32-unknown-unknown (release,',
    'no debug info; CARGO and RUSTC pick the toolchain, default /usr/bin/cargo and /usr/bin/rustc).',
    '',
    '  --force   rebuild even when the fingerprint says plugin.wasm is up to date',
    '  --debug   build plugin.debug.wasm instead (fingerprint plugin.debug.build.json), with DWARF',
    '            line tables (Rust), a source map (AssemblyScript, plugin.debug.wasm.map) or names',
    '            (WAT): what --coverage maps to lines',
    '',
    'Exit: 0 all built, 1 a plugin failed to compile, 2 could not run (toolchain missing,',
    'or an internal error such as a crashed compiler thread).',
  ].join('\n'),
  async run(argv, io) {
    const parsed = parseCommandArgs('build', command.usage, argv, { force: { type: 'boolean' }, debug: { type: 'boolean' } });
    const [target, ...extra] = parsed.positionals;
    if (target === undefined || extra.length > 0) {
      io.stderr(`${command.usage}\n`);
      return EXIT_CANNOT_RUN;
    }
    const kegDir = resolve(io.cwd, target);
    const result = await buildKeg(kegDir, { force: parsed.values.force === true, debug: parsed.values.debug === true, env: io.env });
    for (const plugin of result.plugins) (plugin.status === 'failed' ? io.stderr : io.stdout)(describe(kegDir, plugin));
    const failed = result.plugins.filter((p) => p.status === 'failed');
    if (failed.some((p) => p.status === 'failed' && (p.code === 'toolchain-missing' || p.code === 'internal'))) return EXIT_CANNOT_RUN;
    if (failed.length > 0) return EXIT_FINDINGS;
    io.stdout(`${result.name} ${result.version}: ${result.plugins.length} plugin(s) ready\n`);
    return EXIT_OK;
  },
};
