import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../../_internals/closest-name.js';
import { KegcheckError } from '../../kegcheck-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
// Named so that the declaration emitted for dist/ can refer to it.
type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/** `--out <value>, --force, -h` as a command's usage would name them. */
function listOptions(options: Options): string {
  return Object.entries(options)
    .map(([name, option]) => `--${name}${option.type === 'string' ? ' <value>' : ''}${option.short === undefined ? '' : ` (-${option.short})`}`)
    .join(', ');
}

/** The option parseArgs did not know, from its message: `Unknown option '--outt'…`. */
function unknownOption(error: unknown): string | undefined {
  if ((error as { code?: unknown }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  return /Unknown option '([^']+)'/.exec((error as Error).message)?.[1];
}

/**
 * `node:util` parseArgs in strict mode with positionals, where a bad flag is a
 * usage error (exit 2, the command's usage shown) rather than a stack trace. An
 * unknown option names the closest known one and lists the command's options.
 */
export function parseCommandArgs<const O extends Options>(name: string, usage: string, argv: readonly string[], options: O, code: 'usage' | 'bad-arguments' = 'usage'): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    const location = { file: `kegcheck ${name}` };
    const unknown = unknownOption(error);
    if (unknown !== undefined) {
      const closest = unknown.startsWith('--') ? closestName(unknown.slice(2), Object.keys(options)) : undefined;
      const known = Object.keys(options).length === 0 ? 'it takes no options' : `its options: ${listOptions(options)}`;
      throw new KegcheckError(code, `unknown option ${unknown}${closest === undefined ? '' : `; did you mean --${closest}?`}\n${known}, --help\n\n${usage}`, { location, cause: error });
    }
    throw new KegcheckError(code, `${(error as Error).message}\n\n${usage}`, { location, cause: error });
  }
}
