import { readFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { KegcheckError } from '../../kegcheck-error.js';
import { importXtpSchema } from '../../suite/import-xtp-schema.js';
import { isPluginType } from '../../suite/scaffold-suite-package.js';
import { EXIT_CANNOT_RUN, EXIT_OK, type Command } from '../cli-io.js';
import { parseCommandArgs } from '../_internals/parse-command-args.js';
import { writeNewFile } from '../_internals/write-new-file.js';

const USAGE = [
  'Usage: kegcheck import <schema.yaml> [--out FILE] [--type PLUGIN_TYPE] [--version SEMVER] [--force]',
  '',
  'Writes a suite from a Dylibso XTP Schema (version v1-draft): each export a [[functions]]',
  'entry (framing from its contentType, output_schema from its JSON output schema with',
  '$refs inlined), each import a [[host.functions]] stub, and a conforms property per',
  'function. --type defaults to xtp.<file name>; --version to 0.1.0. Writes to stdout,',
  'or to --out FILE, which must not exist unless --force. Needs the npm package yaml.',
].join('\n');

export const command: Command = {
  summary: 'write a suite from an XTP Schema (YAML)',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseCommandArgs('import', USAGE, argv, { out: { type: 'string' }, type: { type: 'string' }, version: { type: 'string' }, force: { type: 'boolean' } });
    const [source, ...extra] = parsed.positionals;
    if (source === undefined || extra.length > 0) {
      io.stderr(`kegcheck import: name exactly one XTP Schema file\n\n${USAGE}\n`);
      return EXIT_CANNOT_RUN;
    }
    const file = resolve(io.cwd, source);
    const type = parsed.values.type ?? `xtp.${basename(file).replace(/\.(ya?ml|json)$/i, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(\d)/, '_$1')}`;
    if (!isPluginType(type)) throw new KegcheckError('usage', `'${type}' is not a plugin type (dotted identifiers, e.g. acme.text.counter); pass --type`, { location: { file: 'kegcheck import', keyPath: '--type' } });
    const version = parsed.values.version ?? '0.1.0';
    if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version)) {
      throw new KegcheckError('usage', `--version expects a semver version such as 1.0.0, got '${version}'`, { location: { file: 'kegcheck import', keyPath: '--version' } });
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new KegcheckError('xtp-unreadable', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { location: { file }, cause: error });
    }
    const imported = await importXtpSchema(text, relative(io.cwd, file) || file, { type, version });
    for (const note of imported.notes) io.stderr(`kegcheck import: note: ${note}\n`);
    if (parsed.values.out === undefined) {
      io.stdout(imported.toml);
      return EXIT_OK;
    }
    const out = resolve(io.cwd, parsed.values.out);
    await writeNewFile(out, imported.toml, parsed.values.force === true, 'import');
    io.stderr(`kegcheck import: wrote ${out} (${imported.functions.length} function(s), ${imported.hostFunctions.length} host function stub(s)) for type ${type}\n`);
    return EXIT_OK;
  },
};
