import { relative, resolve } from 'node:path';
import { packKeg } from '../../build/pack-keg.js';
import { formatValidation } from '../../keg/format-validation.js';
import { validateKeg } from '../../keg/validate-keg.js';
import { KegcheckError } from '../../kegcheck-error.js';
import { EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';

export const command: Command = {
  summary: 'pack a keg folder into a deterministic dist/<name>-<version>.keg',
  usage: [
    'Usage: kegcheck pack <keg-folder> [--include-sources] [--out DIR]',
    '',
    'Writes <keg>/dist/<name>-<version>.keg: a zip whose root is the keg root, without dist/ and',
    'plugin src/ folders. Same input, same bytes (sorted entries, fixed timestamps and modes).',
    'The folder is validated first; a keg with errors is not packed (exit 1).',
    '',
    '  --include-sources   keep plugins/<name>/src/ (also: include_sources = true in [package])',
    '  --out DIR           write the archive into DIR instead of <keg>/dist',
  ].join('\n'),
  async run(argv, io) {
    const parsed = parseCommandArgs('pack', command.usage, argv, { 'include-sources': { type: 'boolean' }, out: { type: 'string' } });
    const [target, ...extra] = parsed.positionals;
    if (target === undefined || extra.length > 0) {
      io.stderr(`${command.usage}\n`);
      return EXIT_CANNOT_RUN;
    }
    const kegDir = resolve(io.cwd, target);
    // A keg that `kegcheck validate` would reject is not worth shipping; warnings are shown and packed.
    const validation = await validateKeg(kegDir, { load: { cwd: io.cwd } });
    if (validation.status === 'error') {
      throw new KegcheckError(validation.error.code, validation.error.message, { location: validation.error.location ?? { file: kegDir } });
    }
    if (validation.findings.length > 0) io.stderr(formatValidation(validation, { color: false }));
    if (validation.status !== 'clean') {
      io.stderr('kegcheck pack: not packed: the keg has errors (see above)\n');
      return EXIT_FINDINGS;
    }
    const out = parsed.values.out;
    const result = await packKeg(kegDir, {
      includeSources: parsed.values['include-sources'] === true,
      ...(out === undefined ? {} : { outDir: resolve(io.cwd, out) }),
    });
    const files = result.entries.filter((e) => !e.endsWith('/')).length;
    io.stdout(
      `packed ${relative(io.cwd, result.path) || result.path}  ${files} files, ${result.bytes} bytes${result.includedSources ? ', with sources' : ''}\n` +
        `sha256 ${result.sha256}\n`,
    );
    return EXIT_OK;
  },
};
