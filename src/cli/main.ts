import { isKegcheckError, formatLocation } from '../kegcheck-error.js';
import { EXIT_CANNOT_RUN, processIO, type CliIO, type Command } from './cli-io.js';

// Commands load lazily so `kegcheck validate` does not pay for the runner.
// Each command lives in ./commands/<name>.ts and adds one line here.
const COMMANDS: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  build: () => import('./commands/build.js'),
  diff: () => import('./commands/diff.js'),
  import: () => import('./commands/import.js'),
  init: () => import('./commands/init.js'),
  merge: () => import('./commands/merge.js'),
  pack: () => import('./commands/pack.js'),
  run: () => import('./commands/run.js'),
  start: () => import('./commands/start.js'),
  validate: () => import('./commands/validate.js'),
};

async function usage(): Promise<string> {
  const lines = ['Usage: kegcheck <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      const { command } = await load();
      lines.push(`  ${name.padEnd(10)} ${command.summary}`);
    } catch {
      // A command not built yet is simply not listed.
    }
  }
  lines.push('', 'Run `kegcheck <command> --help` for its options.');
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI and returns the exit code; never throws for user mistakes. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
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
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr(`kegcheck: unknown command '${name}'\n\n${await usage()}`);
    return EXIT_CANNOT_RUN;
  }
  const help = rest.includes('--help') || rest.includes('-h');
  try {
    if (name === 'run' && !help) {
      // A worker thread takes longer to boot than the run takes to load its suites and kegs: start it first.
      const { Supervisor } = await import('../host/supervisor.js');
      Supervisor.prestart();
    }
    const { command } = await load();
    if (help) {
      io.stdout(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (isKegcheckError(error)) {
      const where = error.location === undefined ? '' : `${formatLocation(error.location)}: `;
      // The code goes on the first line: a usage error's message ends with the whole usage text.
      const [first = '', ...rest] = error.message.split('\n');
      io.stderr(`kegcheck: ${where}${first} [${error.code}]\n${rest.map((line) => `${line}\n`).join('')}`);
      return EXIT_CANNOT_RUN;
    }
    // Not a user mistake: a bug in kegcheck. Show everything.
    io.stderr(`kegcheck: internal error, please report it\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_CANNOT_RUN;
  }
}
