import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { RawFraming } from '../codec/signature.js';
import type { CallFailureKind, CallResult } from '../host/plugin-spec.js';
import type { Supervisor } from '../host/supervisor.js';
import type { Keg, KegPlugin } from '../keg/keg.js';
import { KegcheckError } from '../kegcheck-error.js';
import { hostNeeds, hostSection, probeMocks, type HostNeeds } from './_internals/scaffold-host.js';
import { exportFunctionTypes, isExtismExportType } from './_internals/wasm-export-types.js';
import { EXPECTED_OUTCOMES } from './suite.js';

/**
 * How a probe call failed, as the plugin made it fail. A harness crash is never
 * one of these: `observeOutputs` throws instead, so no suite is built from it.
 */
export interface ObservedFailure {
  readonly kind: Exclude<CallFailureKind, 'crash'>;
  readonly message: string;
}

/** What probe calls suggested about one export: its input and output framing, and a golden case. */
export interface ObservedOutput {
  readonly framing: RawFraming;
  /** Input framing guessed from which probe inputs the export accepted. */
  readonly input?: RawFraming;
  /** The probe input of the suggested case, as a TOML literal. */
  readonly caseInput?: string;
  /** The output as a TOML-ready literal, when short enough to become a golden case. */
  readonly sample?: string;
  /** How the probe failed, when every probe failed. */
  readonly failure?: ObservedFailure;
  /** The host's result kind of that failure. */
  readonly outcome?: string;
  /** HTTP requests the probes made (`GET https://…`), to prefill allowed_hosts and a mock. */
  readonly httpRequests?: readonly string[];
}

/** Exports the host calls but a suite does not certify, or toolchain plumbing. */
const NOT_SUITE_FUNCTIONS = new Set(['plugin_init', 'memory', 'hs_init', 'call_ctors']);

function toolchainInternal(name: string): boolean {
  return NOT_SUITE_FUNCTIONS.has(name) || name.startsWith('_') || name.startsWith('asyncify_');
}

/** The plugin's exports of an Extism shape (`() -> i32` or `() -> ()`), toolchain internals left out, in module order. */
export async function callableExports(plugin: KegPlugin): Promise<string[]> {
  if (plugin.wasmPath === undefined) return [];
  const types = exportFunctionTypes(new Uint8Array(await readFile(plugin.wasmPath)));
  return [...types.entries()].filter(([name, t]) => isExtismExportType(t) && !toolchainInternal(name)).map(([name]) => name);
}

const SAMPLE_LIMIT = 200;
const utf8 = new TextEncoder();
// Each export is called on a fresh instance with each of these; which ones it accepts says what input it takes.
const PROBES = [
  { key: 'empty', bytes: new Uint8Array(0), toml: '""' },
  { key: 'text', bytes: utf8.encode('hello'), toml: '"hello"' },
  { key: 'json', bytes: utf8.encode('{}'), toml: '{}' },
] as const;

function readNeeds(plugin: KegPlugin): HostNeeds | undefined {
  if (plugin.wasmPath === undefined) return undefined;
  try {
    return hostNeeds(new Uint8Array(readFileSync(plugin.wasmPath)));
  } catch {
    return undefined;
  }
}

function describeOutput(output: Uint8Array): Pick<ObservedOutput, 'framing' | 'sample'> {
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(output);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    return { framing: 'bytes', ...(output.length <= SAMPLE_LIMIT ? { sample: `{ bytes = { hex = "${Buffer.from(output).toString('hex')}" } }` } : {}) };
  }
  try {
    const json: unknown = JSON.parse(text);
    return { framing: 'json', ...(text.length <= SAMPLE_LIMIT ? { sample: `{ json = ${tomlInline(json)} }` } : {}) };
  } catch {
    return { framing: 'string', ...(text.length <= SAMPLE_LIMIT ? { sample: `{ text = ${JSON.stringify(text)} }` } : {}) };
  }
}

/**
 * Calls each export with empty, text and JSON input (a fresh instance each,
 * under the host its imports ask for: WASI, stub mocks, no HTTP hosts) and
 * guesses its input and output framing: JSON input when `{}` works and plain
 * text does not, string input when text works.
 */
export async function observeOutputs(supervisor: Supervisor, keg: Keg, plugin: KegPlugin, exports: readonly string[]): Promise<Map<string, ObservedOutput>> {
  const observed = new Map<string, ObservedOutput>();
  if (plugin.wasmPath === undefined || exports.length === 0) return observed;
  const needs = readNeeds(plugin);
  const results = await supervisor.run(
    {
      wasmPath: plugin.wasmPath,
      pluginDir: plugin.dir,
      kegRoot: keg.root,
      ...(needs === undefined ? {} : { wasi: needs.wasi, hostFunctions: probeMocks(needs), allowedHosts: [] }),
    },
    exports.flatMap((fn) => PROBES.map((probe) => ({ fn, input: probe.bytes, timeoutMs: 2000 }))),
  );
  exports.forEach((fn, i) => {
    const probes = PROBES.map((_, j) => results[i * PROBES.length + j]);
    const crashed = probes.find((r) => r?.kind === 'crash');
    if (crashed !== undefined && crashed.kind === 'crash') {
      throw new KegcheckError(
        'init-probe-crash',
        `probing ${keg.name}:${plugin.name} crashed kegcheck's host while calling ${fn} (not a verdict on the plugin): ${crashed.message}\n`
          + 'No suite was written. Pass --no-probe to scaffold without calling the plugin, and please report this crash.',
        { location: { file: plugin.wasmPath ?? plugin.dir } },
      );
    }
    const [empty, text, json] = probes;
    const requests = [...new Set(probes.flatMap((r) => (r?.httpRequests ?? []).map((h) => `${h.method} ${h.url}`)))];
    const seen = requests.length === 0 ? {} : { httpRequests: requests };
    const ok = (r: CallResult | undefined): r is Extract<CallResult, { kind: 'ok' }> => r?.kind === 'ok';
    let input: RawFraming = 'bytes';
    let chosen: { result: Extract<CallResult, { kind: 'ok' }>; toml: string } | undefined;
    if (ok(json) && !ok(text)) {
      input = 'json';
      chosen = { result: json, toml: PROBES[2].toml };
    } else if (ok(text)) {
      input = 'string';
      chosen = { result: text, toml: PROBES[1].toml };
    }
    // The golden case keeps the empty input when that works: the simplest case to confirm.
    if (ok(empty) && input !== 'json') chosen = { result: empty, toml: PROBES[0].toml };
    if (chosen !== undefined) {
      observed.set(fn, { ...describeOutput(chosen.result.output), input, caseInput: chosen.toml, ...seen });
      return;
    }
    const failed = empty ?? text ?? json;
    if (failed === undefined || failed.kind === 'ok' || failed.kind === 'crash') return;
    observed.set(fn, { framing: 'bytes', caseInput: PROBES[0].toml, failure: { kind: failed.kind, message: failed.message }, outcome: failed.kind, ...seen });
  });
  return observed;
}

/** A JSON value as a TOML inline value (null, which TOML lacks, becomes a comment-worthy string). */
function tomlInline(value: unknown): string {
  if (value === null) return '"null"';
  if (Array.isArray(value)) return `[${value.map(tomlInline).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${tomlInline(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * A starting suite for a plugin's type: `[host]` from its imports (WASI,
 * HTTP, stubs for unknown host functions), one [[functions]] entry per
 * Extism-shaped export with the framing the probes suggest, a golden case
 * from a probe (a failing probe becomes an expected outcome), and a
 * deterministic property per function. The text is a valid suite as
 * written; comments say what to fill in.
 */
export function scaffoldSuite(keg: Keg, plugin: KegPlugin, exports: readonly string[], observed: ReadonlyMap<string, ObservedOutput> = new Map()): string {
  const lines = [
    `# Conformance suite for plugins of type ${plugin.type}.`,
    `# Scaffolded by \`kegcheck init\` from ${keg.name}:${plugin.name} (${keg.source}).`,
    '# Check each function\'s input and output shape (raw: input/output = string | bytes | json | none;',
    '# packed: args/returns = [{ name, type = i64 | f32 | str | bin }, ...]), then write golden cases',
    '# and properties (roundtrip | conforms | deterministic | oracle | matches_reference).',
    '',
    '[suite]',
    `type = ${JSON.stringify(plugin.type)}`,
    'version = "0.1.0"',
    `description = ${JSON.stringify(`What every ${plugin.type} plugin must do`)}`,
    `# reference = ${JSON.stringify(keg.source)}   # for matches_reference, relative to this file`,
  ];
  const needs = readNeeds(plugin);
  const requests = [...new Set([...observed.values()].flatMap((o) => o.httpRequests ?? []))];
  if (needs !== undefined) lines.push(...hostSection(needs, requests));
  for (const fn of exports) {
    const seen = observed.get(fn);
    const input = seen?.input ?? 'bytes';
    lines.push('', '[[functions]]', `name = ${JSON.stringify(fn)}`, `input = ${JSON.stringify(input)}${seen?.input === undefined ? '' : '   # guessed from probe calls'}`, `output = ${JSON.stringify(seen?.framing ?? 'bytes')}`);
    if (seen?.failure !== undefined) lines.push(`# with empty input it failed: ${oneLine(`${seen.failure.kind}: ${seen.failure.message}`)}`);
  }
  for (const fn of exports) {
    const seen = observed.get(fn);
    const input = seen?.caseInput ?? '""';
    const outcome = seen?.outcome;
    if (seen?.failure !== undefined && (outcome === undefined || !(EXPECTED_OUTCOMES as readonly string[]).includes(outcome))) {
      lines.push('', `# ${fn} with empty input ended ${oneLine(`${seen.failure.kind}: ${seen.failure.message}`)}; write a case for it:`, '# [[cases]]', `# function = ${JSON.stringify(fn)}`, `# input = ${input}`, '# expect = { … }');
      continue;
    }
    lines.push('', '[[cases]]', `name = ${JSON.stringify(`${fn} with ${input === '""' ? 'empty input' : `input ${input}`}`)}`, `function = ${JSON.stringify(fn)}`, `input = ${input}`);
    if (seen?.failure !== undefined) {
      lines.push(`# observed: the call ended ${oneLine(`${seen.failure.kind}: ${seen.failure.message}`)}`, `expect = { outcome = ${JSON.stringify(outcome)} }   # confirm it must fail this way, or give it an input that succeeds`);
    } else if (seen?.sample !== undefined) lines.push(`expect = ${seen.sample}   # observed from ${keg.name}; confirm it is right`);
    else lines.push('expect = { bytes = { hex = "" } }   # TODO: the expected output');
  }
  for (const fn of exports) {
    lines.push('', '[[properties]]', `function = ${JSON.stringify(fn)}`, 'check = "deterministic"', 'runs = 50', 'max_length = 64');
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 160);
}
