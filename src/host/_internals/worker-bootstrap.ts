// The worker thread's entry. @extism/extism imports node:wasi, which warns on
// every thread it loads in; WASI stays off unless a suite asks, so the warning
// is noise. The filter must be in place before that import runs, hence the
// dynamic import below (static imports are evaluated first).
const emitWarning = process.emitWarning;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  if (String(warning).includes('WASI is an experimental feature')) return;
  (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
}) as typeof process.emitWarning;

await import('./worker-main.js');
