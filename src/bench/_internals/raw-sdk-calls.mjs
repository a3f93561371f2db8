// The cold-start baseline: what a plugin author would write by hand with no
// framework. Plain JS, run by node directly (no tsx): load @extism/extism,
// make the given calls, compare each JSON answer with the expected one.
// Usage: node raw-sdk-calls.mjs <plugin.wasm> <calls.json>
//   calls.json: [{ "fn": "count_vowels", "input": "hello", "json": { "count": 2 } }, ...]
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import createPlugin from '@extism/extism';

const [wasmPath, callsPath] = process.argv.slice(2);
const calls = JSON.parse(readFileSync(callsPath, 'utf8'));
const plugin = await createPlugin({ wasm: [{ data: readFileSync(wasmPath) }] }, { useWasi: false });
let failed = 0;
for (const call of calls) {
  const output = await plugin.call(call.fn, call.input);
  if (!isDeepStrictEqual(output?.json(), call.json)) failed += 1;
}
await plugin.close();
process.stdout.write(`${calls.length - failed}/${calls.length} calls as expected\n`);
process.exitCode = failed === 0 ? 0 : 1;
