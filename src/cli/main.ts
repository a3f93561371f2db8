import { isKegcheckError, formatLocation } from '../kegcheck-error.js';
import { EXIT_CANNOT_RUN, processIO, type CliIO, type Command } from './cli-io.js';
import { formatInternalError } from './_internals/format-internal-error.js';

// Commands load lazily so `kegcheck validate` does not pay for the runner.
// Each command lives in ./commands/<name>.ts and adds one line here.
const COMMANDS = {
  build: () => import('./commands/build.js'),
  diff: () => import('./commands/diff.js'),
  import: () => import('./commands/import.js'),
  init: () => import('./commands/init.js'),
  merge: () => import('./commands/merge.js'),
  pack: () => import('./commands/pack.js'),
  run: () => import('./commands/run.js'),
  start: () => import('./commands/start.js'),
  validate: () => import('./commands/validate.js'),
} as const satisfies Readonly<Record<string, () => Promise<{ command: Command }>>>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as readonly CommandName[];

function isCommandName(name: string): name is CommandName {
  // Own keys only: `kegcheck constructor` is an unknown command, not Object.prototype.constructor.
  return Object.hasOwn(COMMANDS, name);
}

/**
 * A command module that does not load is a broken install or a bug in kegcheck,
 * never a command the user may simply not see: the cause travels with the error.
 */
async function loadCommand(name: CommandName): Promise<Command> {
  try {
    const { command } = await COMMANDS[name]();
    return command;
  } catch (error) {
    throw new Error(`the '${name}' command failed to load`, { cause: error });
  }
}

async function usage(): Promise<string> {
  const commands = await Promise.all(COMMAND_NAMES.map(async (name) => [name, await loadCommand(name)] as const));
  const lines = ['Usage: kegcheck <command> [options]', '', 'Commands:'];
  for (const [name, command] of commands) lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push('', 'Run `kegcheck <command> --help` for its options.');
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI and returns the exit code; never throws for user mistakes. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (isKegcheckError(error)) {
      const where = error.location === undefined ? '' : `${formatLocation(error.location)}: `;
      // The code goes on the first line: a usage error's message ends with the whole usage text.
      const [first = '', ...rest] = error.message.split('\n');
      io.stderr(`kegcheck: ${where}${first} [${error.code}]\n${rest.map((line) => `${line}\n`).join('')}`);
      return EXIT_CANNOT_RUN;
    }
    // Not a user mistake: a bug in kegcheck or a broken install. Show everything.
    io.stderr(`kegcheck: internal error, please report it\n${formatInternalError(error)}\n`);
    return EXIT_CANNOT_RUN;
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage());
    return name === undefined ? EXIT_CANNOT_RUN : 0;
  }
  if (name === '--version' || name === '-v') {
    const { KEGCHECK_VERSION } = await import('../version.js');
    io.stdout(`${KEGCHECK_VERSION}\n`);
    return 0;
  }
  if (!isCommandName(name)) {
    const text = await usage();
    io.stderr(`kegcheck: unknown command '${name}'\n\n${text}`);
    return EXIT_CANNOT_RUN;
  }
  const help = rest.includes('--help') || rest.includes('-h');
  if (name === 'run' && !help) {
    // A worker thread takes about as long to boot as the run takes to load its modules, suites and
    // kegs: start the threads first (a small module, not the Supervisor's) so both overlap.
    const [{ prestartWorkers }, { workersToPrestart }, { availableParallelism }] = await Promise.all([
      import('../host/prestart-workers.js'),
      import('./_internals/workers-to-prestart.js'),
      import('node:os'),
    ]);
    prestartWorkers(workersToPrestart(rest, availableParallelism()));
  }
  const command = await loadCommand(name);
  if (help) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return await command.run(rest, io);
}
