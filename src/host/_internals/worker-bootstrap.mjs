// Worker threads start without the parent's loaders, under vitest, the CLI
// and plain `node --import tsx` alike: the worker's TypeScript runs from a
// cached JS bundle, else through tsx (see compiled-entry.mjs).
import { importEntry } from './compiled-entry.mjs';

// @extism/extism imports node:wasi, which warns on every thread it loads in;
// WASI stays off unless a suite asks, so the warning is noise.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (String(warning).includes('WASI is an experimental feature')) return;
  emitWarning.call(process, warning, ...rest);
};

await importEntry(new URL('./worker-main.ts', import.meta.url));
