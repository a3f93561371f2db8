// Worker threads start without the parent's loaders; tsx is registered here
// so the worker runs the same TypeScript sources under vitest, the CLI and
// plain `node --import tsx`.
import { register } from 'tsx/esm/api';

// @extism/extism imports node:wasi, which warns on every thread it loads in;
// WASI stays off unless a suite asks, so the warning is noise.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('WASI is an experimental feature')) return;
  emitWarning.call(process, warning, ...rest);
};

register();
await import('./worker-main.ts');
