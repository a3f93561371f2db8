// The AssemblyScript compiler in a worker thread started without loader
// hooks (execArgv []): imported through tsx's hooks, as `kegcheck build`
// would, asc and its ~10 MB binaryen module take 20 s and more to load
// instead of under 2 s. Jobs run one at a time: asc keeps global state.
import { parentPort } from 'node:worker_threads';

let asc;
let missing;
try {
  asc = await import('assemblyscript/asc');
} catch (error) {
  missing = error instanceof Error ? error.message : String(error);
}

let queue = Promise.resolve();

async function compile({ id, args }) {
  if (asc === undefined) {
    parentPort.postMessage({ id, kind: 'missing', message: missing });
    return;
  }
  let stderr = '';
  const sink = { write: (chunk) => ((stderr += String(chunk)), true) };
  try {
    const result = await asc.main(args, { stdout: { write: () => true }, stderr: sink });
    if (result.error === null) parentPort.postMessage({ id, kind: 'ok', version: asc.version });
    else parentPort.postMessage({ id, kind: 'failed', message: stderr || result.error.message });
  } catch (error) {
    parentPort.postMessage({ id, kind: 'failed', message: stderr + (error instanceof Error ? error.message : String(error)) });
  }
}

parentPort.on('message', (job) => {
  queue = queue.then(() => compile(job));
});
