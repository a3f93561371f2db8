// Child process for supervisor-exit.test.ts: a program using the Supervisor
// the way the CLI does. `sigint`: Ctrl-C aborts a runaway call, partial
// results are printed, the process exits 0 on its own. `no-close`: the
// program forgets close(); idle workers must not keep it alive. `prestarted`:
// a worker started ahead (Supervisor.prestart) that nobody takes must not either.
import { fixtureSpec } from './fixture-specs.js';
import { Supervisor } from '../supervisor.js';

const mode = process.argv[2];
const supervisor = new Supervisor({ workers: 2 });
const runaway = fixtureSpec('hostile-keg', 'loop_forever');
const none = new Uint8Array(0);

if (mode === 'prestarted') {
  Supervisor.prestart();
  process.stdout.write('prestarted\n');
} else if (mode === 'sigint') {
  process.once('SIGINT', () => supervisor.abort('SIGINT'));
  const pending = supervisor.run(runaway, [
    { fn: 'noop', input: none },
    { fn: 'run', input: none, timeoutMs: 120_000 },
  ]);
  const announce = setInterval(() => {
    if (supervisor.activeCalls().some((c) => c.fn === 'run')) {
      clearInterval(announce);
      process.stdout.write('running\n');
    }
  }, 5);
  const results = await pending;
  clearInterval(announce);
  process.stdout.write(`${JSON.stringify(results.map((r) => r.kind))}\n`);
  await supervisor.close();
} else {
  const results = await supervisor.run(runaway, [
    { fn: 'noop', input: none },
    { fn: 'run', input: none, timeoutMs: 100 },
    { fn: 'noop', input: none },
  ]);
  process.stdout.write(`${JSON.stringify(results.map((r) => r.kind))}\n`);
}
