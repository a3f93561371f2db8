// The AssemblyScript compiler in a worker thread started without loader
// hooks (execArgv []): imported through tsx's hooks, as `kegcheck build`
// would, asc and its ~10 MB binaryen module take 20 s and more to load
// instead of under 2 s. Jobs run one at a time: asc keeps global state.
import { parentPort, workerData } from 'node:worker_threads';

// Replaceable so tests can see what happens when the package is absent.
const specifier = workerData?.ascModule ?? 'assemblyscript/asc';

let asc;
let loadFailure;
try {
  asc = await import(specifier);
} catch (error) {
  const code = error?.code;
  // Not installed is the user's to fix (`npm i -D assemblyscript`); anything else is a broken installation.
  loadFailure = {
    kind: code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'missing' : 'crashed',
    message: `cannot load ${specifier}: ${error instanceof Error ? error.message : String(error)}`,
  };
}

let queue = Promise.resolve();

async function compile({ id, args }) {
  if (asc === undefined) {
    parentPort.postMessage({ id, ...loadFailure });
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
