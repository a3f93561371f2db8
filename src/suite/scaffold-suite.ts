import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { RawFraming } from '../codec/signature.js';
import type { CallFailureKind } from '../host/plugin-spec.js';
import type { Supervisor } from '../host/supervisor.js';
import type { Keg, KegPlugin } from '../keg/keg.js';
import { KegcheckError } from '../kegcheck-error.js';
import { PLUGIN_ERROR_KINDS } from './_internals/compare-output.js';
import { exportFunctionTypes } from './_internals/wasm-export-types.js';

/**
 * How a probe call failed, as the plugin made it fail. A harness crash is never
 * one of these: `observeOutputs` throws instead, so no suite is built from it.
 */
export interface ObservedFailure {
  readonly kind: Exclude<CallFailureKind, 'crash'>;
  readonly message: string;
}

/** What a probe call with empty input suggested about one export's output. */
export interface ObservedOutput {
  readonly framing: RawFraming;
  /** The output as a TOML-ready literal, when short enough to become a golden case. */
  readonly sample?: string;
  readonly failure?: ObservedFailure;
}

/** Exports the host calls but a suite does not certify (or that are toolchain plumbing). */
const NOT_SUITE_FUNCTIONS = new Set(['plugin_init', 'memory']);

/** The plugin's exports with the Extism shape `() -> i32`, in module order. */
export async function callableExports(plugin: KegPlugin): Promise<string[]> {
  if (plugin.wasmPath === undefined) return [];
  const types = exportFunctionTypes(new Uint8Array(await readFile(plugin.wasmPath)));
  return [...types.entries()]
    .filter(([name, t]) => t.params.length === 0 && t.results.length === 1 && t.results[0] === 'i32' && !NOT_SUITE_FUNCTIONS.has(name) && !name.startsWith('_'))
    .map(([name]) => name);
}

const SAMPLE_LIMIT = 200;

/**
 * Calls each export once with empty input (fresh instance each) and guesses its output framing.
 * Throws `init-probe-crash` when a probe ended in a harness crash (the worker died, the run was
 * aborted): that says nothing about the plugin, and a suite built from it would be wrong.
 */
export async function observeOutputs(supervisor: Supervisor, keg: Keg, plugin: KegPlugin, exports: readonly string[]): Promise<Map<string, ObservedOutput>> {
  const observed = new Map<string, ObservedOutput>();
  if (plugin.wasmPath === undefined || exports.length === 0) return observed;
  const results = await supervisor.run(
    { wasmPath: plugin.wasmPath, pluginDir: plugin.dir, kegRoot: keg.root },
    exports.map((fn) => ({ fn, input: new Uint8Array(), timeoutMs: 2000 })),
  );
  exports.forEach((fn, i) => {
    const r = results[i];
    if (r === undefined) return;
    if (r.kind === 'crash') {
      throw new KegcheckError(
        'init-probe-crash',
        `probing ${keg.name}:${plugin.name} crashed kegcheck's host while calling ${fn} (not a verdict on the plugin): ${r.message}\n`
          + 'No suite was written. Pass --no-probe to scaffold without calling the plugin, and please report this crash.',
        { location: { file: plugin.wasmPath ?? plugin.dir } },
      );
    }
    if (r.kind !== 'ok') {
      observed.set(fn, { framing: 'bytes', failure: { kind: r.kind, message: r.message } });
      return;
    }
    let text: string | undefined;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(r.output);
    } catch {
      text = undefined;
    }
    if (text === undefined) {
      observed.set(fn, { framing: 'bytes', ...(r.output.length <= SAMPLE_LIMIT ? { sample: `{ bytes = { hex = "${Buffer.from(r.output).toString('hex')}" } }` } : {}) });
      return;
    }
    try {
      const json: unknown = JSON.parse(text);
      observed.set(fn, { framing: 'json', ...(text.length <= SAMPLE_LIMIT ? { sample: `{ json = ${tomlInline(json)} }` } : {}) });
    } catch {
      observed.set(fn, { framing: 'string', ...(text.length <= SAMPLE_LIMIT ? { sample: `{ text = ${JSON.stringify(text)} }` } : {}) });
    }
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
 * A starting suite for a plugin's type: one [[functions]] entry per export
 * of shape `() -> i32`, a golden case from the empty-input probe when it
 * answered, and a deterministic property per function. The text is a valid
 * suite as written; comments say what to fill in.
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
  for (const fn of exports) {
    const seen = observed.get(fn);
    lines.push('', '[[functions]]', `name = ${JSON.stringify(fn)}`, 'input = "bytes"', `output = ${JSON.stringify(seen?.framing ?? 'bytes')}`);
    if (seen?.failure !== undefined) lines.push(`# with empty input it failed: ${oneLine(`${seen.failure.kind}: ${seen.failure.message}`, 160)}`);
  }
  for (const fn of exports) {
    const seen = observed.get(fn);
    const failure = seen?.failure;
    const header = ['[[cases]]', `name = ${JSON.stringify(`${fn} with empty input`)}`, `function = ${JSON.stringify(fn)}`, 'input = ""'];
    if (failure !== undefined && !PLUGIN_ERROR_KINDS.has(failure.kind)) {
      // `expect.error` matches a plugin error, trap or exit code only: a case expecting this outcome
      // would fail at once, so it is left as a comment to finish by hand.
      lines.push('', `# The call ended in ${failure.kind}, which no case expectation matches; left out:`, ...header.map((line) => `# ${line}`));
      continue;
    }
    lines.push('', ...header);
    if (seen?.sample !== undefined) lines.push(`expect = ${seen.sample}   # observed from ${keg.name}; confirm it is right`);
    else if (failure !== undefined) lines.push(`expect = { error = ${JSON.stringify(errorPattern(failure.message))} }   # observed: ${failure.kind}; confirm the plugin should fail here`);
    else lines.push('expect = { bytes = { hex = "" } }   # TODO: the expected output');
  }
  for (const fn of exports) {
    lines.push('', '[[properties]]', `function = ${JSON.stringify(fn)}`, 'check = "deterministic"', 'runs = 50', 'max_length = 64');
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}

/**
 * A regex that matches the observed message: its first line with text, escaped, cut short
 * (the pattern is unanchored, so a part still matches). A blank message gives `^\s*$`,
 * never an empty pattern that would accept any error.
 */
export function errorPattern(message: string): string {
  const first = message.split(/\r?\n|\r/).map((line) => line.trim()).find((line) => line !== '');
  if (first === undefined) return '^\\s*$';
  return [...first].slice(0, 100).join('').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
