import { execFileSync } from 'node:child_process';

/**
 * Test support for the CLI's V8 heap settings (V8 flags are per process, so
 * not testable in vitest's own): in a fresh node process with `execArgv`
 * (tsx loaded, NODE_OPTIONS cleared unless `env` sets it), calls the export
 * `name` of `module` (its result as `set`), starts a worker thread (a worker
 * starting up resets V8's flags: the setting must survive it), then runs
 * `body`, which has `getHeapSpaceStatistics` and `set` in scope and writes
 * JSON to stdout; returns that JSON.
 */
export function afterHeapSetting<T>(module: URL, name: string, body: string, execArgv: readonly string[], env: NodeJS.ProcessEnv = { NODE_OPTIONS: '' }): T {
  const script = `
    const { ${name} } = await import(${JSON.stringify(module.href)});
    const { getHeapSpaceStatistics } = await import('node:v8');
    const { Worker } = await import('node:worker_threads');
    const set = ${name}();
    const worker = new Worker('setTimeout(() => {}, 100)', { eval: true });
    await new Promise((resolve) => worker.once('online', () => setTimeout(resolve, 20)));
    ${body}
  `;
  const out = execFileSync(process.execPath, [...execArgv, '--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out) as T;
}
