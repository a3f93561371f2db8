// Runs the AssemblyScript compiler in a plain node process. Imported through
// tsx's loader hooks (as `kegcheck build` would), asc and its ~10 MB binaryen
// module take 20 s and more to load instead of under 2 s.
// Usage: node asc-child.mjs <asc arguments...>; on success prints {"version"} as JSON.
let asc;
try {
  asc = await import('assemblyscript/asc');
} catch (error) {
  process.stderr.write(`kegcheck:asc-missing ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(3);
}
const result = await asc.main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
if (result.error !== null) {
  if (result.stderr.toString() === '') process.stderr.write(`${result.error.message}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(JSON.stringify({ version: asc.version }));
}
