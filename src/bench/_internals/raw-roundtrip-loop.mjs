// The property-throughput baseline: the raw in-process SDK loop a person
// would write to round-trip packed (i64, f32, str, bin) payloads through an
// echo export: generate, encode, call, compare bytes. Plain JS, no tsx.
// Usage: node raw-roundtrip-loop.mjs <plugin.wasm> <fn> <runs> <seed> <max-length>
// Prints one JSON line: { runs, failures, loopMs, casesPerSec }.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TextEncoder } from 'node:util';
import createPlugin from '@extism/extism';

const [wasmPath, fn, runsText, seedText, maxLengthText] = process.argv.slice(2);
const span = Number(maxLengthText) + 1;
const runs = Number(runsText);
let state = (Number(seedText) >>> 0) || 1;
// xorshift32: cheap and repeatable, so the baseline spends its time in the calls.
const next = () => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
};
const encoder = new TextEncoder();
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzÀé€🍺 0123456789';
const chars = [...ALPHABET];

function payload() {
  const text = Array.from({ length: next() % span }, () => chars[next() % chars.length]).join('');
  const textBytes = encoder.encode(text);
  const bin = Uint8Array.from({ length: next() % span }, () => next() & 0xff);
  const buf = Buffer.alloc(8 + 4 + 8 + textBytes.length + 8 + bin.length);
  let at = buf.writeBigInt64LE(BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next())), 0);
  at = buf.writeFloatLE(Math.fround((next() / 0xffffffff - 0.5) * 1e6), at);
  at = buf.writeBigInt64LE(BigInt(textBytes.length), at);
  buf.set(textBytes, at);
  at += textBytes.length;
  at = buf.writeBigInt64LE(BigInt(bin.length), at);
  buf.set(bin, at);
  return buf;
}

const plugin = await createPlugin({ wasm: [{ data: readFileSync(wasmPath) }] }, { useWasi: false });
let failures = 0;
const started = performance.now();
for (let i = 0; i < runs; i += 1) {
  const input = payload();
  const output = await plugin.call(fn, input);
  if (output === null || Buffer.compare(Buffer.from(output.bytes()), input) !== 0) failures += 1;
}
const loopMs = performance.now() - started;
await plugin.close();
process.stdout.write(`${JSON.stringify({ runs, failures, loopMs, casesPerSec: runs / (loopMs / 1000) })}\n`);
