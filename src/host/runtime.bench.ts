/**
 * Runtime benchmark (`npm run bench:runtime`). Every figure is measured in
 * this run on the same echo plugin and payload and reported as a ratio to a
 * baseline from the same run: the supervised harness against a raw
 * in-process @extism/extism loop (goal ≤ 1.3×, issue 16) and against direct wasm
 * export calls without Extism (the floor), plus how long a runaway plugin
 * keeps running past its deadline (goal ≤ 50 ms). Writes reports/bench-runtime.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import createPlugin from '@extism/extism';
import { fixtureSpec } from './_internals/fixture-specs.js';
import { assertTreeBuilt, buildTree } from '../build/build-tree.js';
import { HOSTILE_FIXTURES } from './_internals/fixture-specs.js';
import { Supervisor } from './supervisor.js';
import type { CallRequest } from './plugin-spec.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 10_000);
const FRESH_CALLS = Number(process.env['BENCH_FRESH_CALLS'] ?? 1_000);
const SINGLE_RUNS = Number(process.env['BENCH_SINGLE_RUNS'] ?? 150);
// Many short interleaved rounds: on a shared, noisy machine the median of
// per-round (paired) ratios is steadier than a ratio of two medians.
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 11);
const PAYLOAD = new TextEncoder().encode('kegcheck runtime bench payload, 64 bytes long: 0123456789abcdef');
const RESET_EVERY = 6000;

const spec = fixtureSpec('probe-keg', 'probe');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median over rounds of a[i] / b[i]: both sides of each ratio were measured back to back. */
function pairedRatio(a: number[], b: number[]): number {
  return median(a.map((v, i) => v / (b[i] ?? Number.NaN)));
}

function noop(): void {}

async function rawExtismLoop(module: WebAssembly.Module, calls: number, target: string | [string, string] = ['main', 'echo']): Promise<number> {
  const plugin = await createPlugin(
    { wasm: [{ module, name: 'main' }] },
    { functions: { 'extism:host/user': { keg_get_static_resource: () => 0n, keg_print: noop, keg_log: noop } } },
  );
  const started = performance.now();
  for (let i = 1; i <= calls; i += 1) {
    // Same housekeeping as the harness: 1.0.3 runs out of block addresses at 32k.
    if (i % RESET_EVERY === 0) await plugin.reset();
    // By default the SDK's faster form, as the harness uses it: [module, function] skips an exports scan per call.
    const out = await plugin.call(target, PAYLOAD);
    if (out?.bytes().byteLength !== PAYLOAD.byteLength) throw new Error('raw echo returned the wrong length');
  }
  const elapsed = performance.now() - started;
  await plugin.close();
  return elapsed;
}

async function rawExtismFresh(module: WebAssembly.Module, calls: number): Promise<number> {
  const functions = { 'extism:host/user': { keg_get_static_resource: () => 0n, keg_print: noop, keg_log: noop } };
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) {
    const plugin = await createPlugin({ wasm: [{ module, name: 'main' }] }, { functions });
    const out = await plugin.call(['main', 'echo'], PAYLOAD);
    if (out?.bytes().byteLength !== PAYLOAD.byteLength) throw new Error('raw echo returned the wrong length');
    await plugin.close();
  }
  return performance.now() - started;
}

/** The floor: the same export driven by a minimal JS kernel, no Extism at all. */
function directWasmLoop(module: WebAssembly.Module, calls: number): number {
  let input = PAYLOAD;
  let blocks: Uint8Array[] = [new Uint8Array(0)];
  let output = 0n;
  const addr = (index: number): bigint => BigInt(index) << 32n;
  const at = (a: bigint): [Uint8Array, number] => [blocks[Number(a >> 32n)] as Uint8Array, Number(a & 0xffffffffn)];
  const kernel: Record<string, (...args: never[]) => unknown> = {
    input_length: () => BigInt(input.length),
    input_load_u8: (o: bigint) => input[Number(o)] ?? 0,
    input_load_u64: (o: bigint) => new DataView(input.buffer, input.byteOffset).getBigUint64(Number(o), true),
    alloc: (n: bigint) => (blocks.push(new Uint8Array(Number(n))), addr(blocks.length - 1)),
    store_u8: (a: bigint, v: number) => {
      const [b, o] = at(a);
      b[o] = v;
    },
    store_u64: (a: bigint, v: bigint) => {
      const [b, o] = at(a);
      new DataView(b.buffer).setBigUint64(o, v, true);
    },
    length: (a: bigint) => BigInt(at(a)[0].length),
    output_set: (a: bigint) => {
      output = a;
    },
  };
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.module === 'extism:host/env') kernel[entry.name] ??= () => 0n;
  }
  const instance = new WebAssembly.Instance(module, {
    'extism:host/env': kernel,
    'extism:host/user': { keg_get_static_resource: () => 0n, keg_print: noop, keg_log: noop },
  });
  const echo = instance.exports['echo'] as () => number;
  const started = performance.now();
  for (let i = 0; i < calls; i += 1) {
    blocks = [new Uint8Array(0)];
    input = PAYLOAD;
    if (echo() !== 0 || at(output)[0].length !== PAYLOAD.length) throw new Error('direct echo failed');
  }
  return performance.now() - started;
}

async function harness(supervisor: Supervisor, calls: number, fresh: boolean): Promise<number> {
  const requests: CallRequest[] = Array.from({ length: calls }, () => ({ fn: 'echo', input: PAYLOAD, fresh }));
  const started = performance.now();
  const results = await supervisor.run(spec, requests);
  const elapsed = performance.now() - started;
  const bad = results.find((r) => r.kind !== 'ok' || r.output.byteLength !== PAYLOAD.byteLength);
  if (bad !== undefined) throw new Error(`harness echo failed: ${JSON.stringify(bad)}`);
  return elapsed;
}

/** One fresh call per run(), as a property test makes them: the cost of a round trip to a worker. */
async function singleCallRuns(supervisor: Supervisor, runs: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) {
    const [result] = await supervisor.run(spec, [{ fn: 'echo', input: PAYLOAD }]);
    if (result?.kind !== 'ok') throw new Error(`single-call run failed: ${JSON.stringify(result)}`);
  }
  return performance.now() - started;
}

async function timeToStop(supervisor: Supervisor, timeoutMs: number): Promise<{ overrunMs: number; reportedMs: number }> {
  const runaway = fixtureSpec('hostile-keg', 'loop_forever');
  // The previous runaway took its worker down; start and warm the next one
  // first so the figure is the stop, not a thread start.
  const [warm] = await supervisor.run(runaway, [{ fn: 'noop', input: new Uint8Array(0) }]);
  if (warm?.kind !== 'ok') throw new Error(`runaway warm-up ended as ${warm?.kind}`);
  const started = performance.now();
  const [result] = await supervisor.run(runaway, [{ fn: 'run', input: new Uint8Array(0), timeoutMs }]);
  const wall = performance.now() - started;
  if (result?.kind !== 'timeout') throw new Error(`runaway ended as ${result?.kind}`);
  // Upper bound: the wall time also holds dispatching the call to the worker.
  return { overrunMs: wall - timeoutMs, reportedMs: result.elapsedMs };
}

const perCallUs = (ms: number, calls: number): number => (ms * 1000) / calls;
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

async function main(): Promise<void> {
  assertTreeBuilt(await buildTree(HOSTILE_FIXTURES), HOSTILE_FIXTURES);
  const module = await WebAssembly.compile(readFileSync(spec.wasmPath));
  const supervisor = new Supervisor({ workers: 1 });
  try {
    // Warm-up: worker start, module compile, JIT on both sides.
    await harness(supervisor, 2000, false);
    await rawExtismLoop(module, 2000);
    directWasmLoop(module, 2000);

    const raw: number[] = [];
    const rawPlain: number[] = [];
    const reused: number[] = [];
    const direct: number[] = [];
    const rawFresh: number[] = [];
    const fresh: number[] = [];
    const single: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      // Interleaved so machine noise hits both sides of each ratio alike.
      raw.push(perCallUs(await rawExtismLoop(module, CALLS), CALLS));
      rawPlain.push(perCallUs(await rawExtismLoop(module, CALLS, 'echo'), CALLS));
      reused.push(perCallUs(await harness(supervisor, CALLS, false), CALLS));
      direct.push(perCallUs(directWasmLoop(module, CALLS), CALLS));
      rawFresh.push(perCallUs(await rawExtismFresh(module, FRESH_CALLS), FRESH_CALLS));
      fresh.push(perCallUs(await harness(supervisor, FRESH_CALLS, true), FRESH_CALLS));
      single.push(perCallUs(await singleCallRuns(supervisor, SINGLE_RUNS), SINGLE_RUNS));
    }
    const stops: Array<{ overrunMs: number; reportedMs: number }> = [];
    for (let r = 0; r < ROUNDS; r += 1) stops.push(await timeToStop(supervisor, 200));

    const figures = {
      rawExtismUsPerCall: round(median(raw)),
      rawExtismPlainNameUsPerCall: round(median(rawPlain)),
      harnessVsRawExtismPlainName: round(pairedRatio(reused, rawPlain)),
      harnessUsPerCall: round(median(reused)),
      directWasmUsPerCall: round(median(direct)),
      rawExtismFreshUsPerCall: round(median(rawFresh)),
      harnessFreshUsPerCall: round(median(fresh)),
      harnessVsRawExtism: round(pairedRatio(reused, raw)),
      harnessVsRawExtismBestRound: round(Math.min(...reused.map((v, i) => v / (raw[i] ?? Number.NaN)))),
      harnessVsDirectWasm: round(pairedRatio(reused, direct)),
      rawExtismVsDirectWasm: round(pairedRatio(raw, direct)),
      harnessFreshVsRawExtismFresh: round(pairedRatio(fresh, rawFresh)),
      singleCallRunUs: round(median(single)),
      singleCallRunVsRawExtismFresh: round(pairedRatio(single, rawFresh)),
      runawayOverrunMsMedian: round(median(stops.map((s) => s.overrunMs)), 1),
      runawayOverrunMsMax: round(Math.max(...stops.map((s) => s.overrunMs)), 1),
    };
    const goals = {
      harnessVsRawExtism: { goal: 1.3, met: figures.harnessVsRawExtism <= 1.3 },
      runawayOverrunMsMax: { goal: 50, met: figures.runawayOverrunMsMax <= 50 },
    };
    const report = {
      bench: 'runtime',
      date: new Date().toISOString(),
      node: process.version,
      calls: CALLS,
      freshCalls: FRESH_CALLS,
      rounds: ROUNDS,
      payloadBytes: PAYLOAD.byteLength,
      figures,
      goals,
      samples: { raw, rawPlain, reused, direct, rawFresh, fresh, single, stops },
    };
    const out = fileURLToPath(new URL('../../reports/', import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}bench-runtime.json`, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`echo, ${PAYLOAD.byteLength}-byte payload, ${CALLS} calls (fresh-instance rows: ${FRESH_CALLS}), median of ${ROUNDS} interleaved rounds (ratios: median of per-round ratios)`);
    console.log(`  direct wasm (floor)          ${figures.directWasmUsPerCall} µs/call`);
    console.log(`  raw @extism/extism loop      ${figures.rawExtismUsPerCall} µs/call   ${figures.rawExtismVsDirectWasm}× the floor`);
    console.log(`  raw loop, call('echo')      ${figures.rawExtismPlainNameUsPerCall} µs/call   (the plain form; the rows above and below call ['main', 'echo'])`);
    console.log(`  kegcheck harness (reuse)     ${figures.harnessUsPerCall} µs/call   ${figures.harnessVsRawExtism}× raw Extism (goal ≤ 1.3: ${goals.harnessVsRawExtism.met ? 'met' : 'NOT met'}; best round ${figures.harnessVsRawExtismBestRound}×), ${figures.harnessVsDirectWasm}× the floor`);
    console.log(`  raw Extism, fresh instance   ${figures.rawExtismFreshUsPerCall} µs/call`);
    console.log(`  harness, fresh instance      ${figures.harnessFreshUsPerCall} µs/call   ${figures.harnessFreshVsRawExtismFresh}× raw fresh`);
    console.log(`  run() of one fresh call      ${figures.singleCallRunUs} µs/run    ${figures.singleCallRunVsRawExtismFresh}× raw fresh (worker round trip included)`);
    console.log(`  runaway stopped after its deadline: median +${figures.runawayOverrunMsMedian} ms, max +${figures.runawayOverrunMsMax} ms (goal ≤ 50: ${goals.runawayOverrunMsMax.met ? 'met' : 'NOT met'})`);
    console.log(`wrote reports/bench-runtime.json`);
  } finally {
    await supervisor.close();
  }
}

await main();
