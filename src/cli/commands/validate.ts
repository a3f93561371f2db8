import { KegcheckError } from '../../kegcheck-error.js';
import { formatValidation } from '../../keg/format-validation.js';
import { PackageStore } from '../../keg/package-store.js';
import { validateKeg, type KegValidation } from '../../keg/validate-keg.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

export const command: Command = {
  summary: 'check keg manifests, plugin folders and wasm files',
  usage: [
    'Usage: kegcheck validate <keg...> [--json] [--store DIR]... [--zip-max-entries N] [--zip-max-mib N]',
    '',
    'Each <keg> is a keg folder, a .keg file, a package in the store, or package:plugin.',
    'Prints findings grouped by keg as file:line:column. Exit code: 0 clean (warnings allowed),',
    '1 findings, 2 could not run (usage, missing or unreadable input).',
    '',
    '  --json        print one JSON document instead of text',
    '  --store DIR   search DIR for packages first (repeatable); then KEGS_STORE_PATH,',
    '                then WASM_KEGS_PACKAGE_STORE_DIR or ~/.local/share/wasm-kegs/packages',
    '  --zip-max-entries N   refuse a .keg with more than N entries (default 10000)',
    '  --zip-max-mib N       refuse a .keg over N MiB uncompressed (default 256)',
  ].join('\n'),
  async run(argv, io) {
    const parsed = parseCommandArgs('validate', command.usage, argv, {
          json: { type: 'boolean' },
          store: { type: 'string', multiple: true },
          'zip-max-entries': { type: 'string' },
          'zip-max-mib': { type: 'string' },
        });
    if (parsed.positionals.length === 0) {
      io.stderr(`kegcheck validate: name at least one keg\n\n${command.usage}\n`);
      return EXIT_CANNOT_RUN;
    }
    const zipLimits = {
      ...positiveInteger(parsed.values['zip-max-entries'], '--zip-max-entries', (n) => ({ maxEntries: n })),
      ...positiveInteger(parsed.values['zip-max-mib'], '--zip-max-mib', (n) => ({ maxUncompressedBytes: n * 1024 * 1024 })),
    };
    const load = { cwd: io.cwd, zipLimits };
    const store = PackageStore.fromEnvironment({ storeDirs: parsed.values.store ?? [], env: io.env, cwd: io.cwd, load });
    const results: KegValidation[] = [];
    for (const source of parsed.positionals) {
      const result = await validateKeg(source, { store, load });
      results.push(result);
      if (parsed.values.json !== true) io.stdout(formatValidation(result, { color: io.isTTY && io.env['NO_COLOR'] === undefined }));
    }
    const count = (status: KegValidation['status']): number => results.filter((r) => r.status === status).length;
    const summary = { kegs: results.length, clean: count('clean'), findings: count('findings') + count('refused'), errors: count('error') };
    const exitCode = summary.errors > 0 ? EXIT_CANNOT_RUN : summary.findings > 0 ? EXIT_FINDINGS : EXIT_OK;
    if (parsed.values.json === true) {
      io.stdout(`${JSON.stringify({ summary, exitCode, kegs: results }, null, 2)}\n`);
    } else if (results.length > 1) {
      io.stdout(`\n${results.length} kegs: ${summary.clean} clean, ${summary.findings} with findings, ${summary.errors} unreadable\n`);
    }
    return exitCode;
  },
};

function positiveInteger<T>(text: string | undefined, flag: string, make: (n: number) => T): T | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new KegcheckError('usage', `${flag} expects a positive integer, got '${text}'`, { location: { file: 'kegcheck validate' } });
  return make(Number(text));
}
