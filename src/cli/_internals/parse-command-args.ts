import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KegcheckError } from '../../kegcheck-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
// Named so that the declaration emitted for dist/ can refer to it.
type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/**
 * `node:util` parseArgs in strict mode with positionals, where a bad flag is a
 * usage error (exit 2, the command's usage shown) rather than a stack trace.
 */
export function parseCommandArgs<const O extends Options>(name: string, usage: string, argv: readonly string[], options: O): ParsedArgs<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new KegcheckError('usage', `${(error as Error).message}\n\n${usage}`, { location: { file: `kegcheck ${name}` }, cause: error });
  }
}
