import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { RawFraming } from '../codec/signature.js';
import type { Supervisor } from '../host/supervisor.js';
import type { Keg, KegPlugin } from '../keg/keg.js';
import { exportFunctionTypes } from './_internals/wasm-export-types.js';
import { inputSchemaSkeleton, judgeJsonInput, type JsonInputEvidence } from './_internals/json-input-probe.js';

/** What a probe call with empty input suggested about one export's output. */
export interface ObservedOutput {
  readonly framing: RawFraming;
  /** The output as a TOML-ready literal, when short enough to become a golden case. */
  readonly sample?: string;
  readonly failure?: string;
  /** Set when a second probe with `{}` says the function takes JSON. */
  readonly jsonInput?: JsonInputEvidence & {
    /** What `{}` produced: an expectation literal, or the failure. */
    readonly sample?: string;
    readonly failure?: string;
  };
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

/** Calls each export once with empty input (fresh instance each) and guesses its output framing. */
export async function observeOutputs(supervisor: Supervisor, keg: Keg, plugin: KegPlugin, exports: readonly string[]): Promise<Map<string, ObservedOutput>> {
  const observed = new Map<string, ObservedOutput>();
  if (plugin.wasmPath === undefined || exports.length === 0) return observed;
  const results = await supervisor.run(
    { wasmPath: plugin.wasmPath, pluginDir: plugin.dir, kegRoot: keg.root },
    exports.map((fn) => ({ fn, input: new Uint8Array(), timeoutMs: 2000 })),
  );
  // Exports that refused empty input get a second probe with `{}`: JSON input shows up there.
  const refused = exports.filter((_fn, i) => results[i] !== undefined && results[i]?.kind !== 'ok');
  const objectProbe = refused.length === 0 ? [] : await supervisor.run(
    { wasmPath: plugin.wasmPath, pluginDir: plugin.dir, kegRoot: keg.root },
    refused.map((fn) => ({ fn, input: new TextEncoder().encode('{}'), timeoutMs: 2000, fresh: true })),
  );
  exports.forEach((fn, i) => {
    const r = results[i];
    if (r === undefined) return;
    if (r.kind !== 'ok') {
      const second = objectProbe[refused.indexOf(fn)];
      const json = second === undefined ? undefined : judgeJsonInput(r, second);
      const answer = second?.kind === 'ok' ? classify(second.output) : undefined;
      observed.set(fn, {
        framing: answer?.framing ?? 'bytes',
        failure: `${r.kind}: ${r.message}`,
        ...(json === undefined ? {} : { jsonInput: { ...json, ...(answer?.sample === undefined ? {} : { sample: answer.sample }), ...(second !== undefined && second.kind !== 'ok' ? { failure: `${second.kind}: ${second.message}` } : {}) } }),
      });
      return;
    }
    observed.set(fn, classify(r.output));
  });
  return observed;
}

// The framing an output suggests, and a TOML expectation literal when it is short.
function classify(output: Uint8Array): ObservedOutput {
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

// The golden case of a JSON function: `{}` when the probe found no required
// key (its answer observed), else a commented template (its input would break
// the skeleton's `required`).
function jsonCase(fn: string, json: NonNullable<ObservedOutput['jsonInput']>, kegName: string): string[] {
  if (json.missingKeys.length > 0) {
    return [
      `# [[cases]]   # TODO: a golden case; its input must satisfy input_schema`,
      `# function = ${JSON.stringify(fn)}`,
      `# input = { ${json.missingKeys.map((k) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = "…"`).join(', ')} }`,
      '# expect = { json = { … } }',
    ];
  }
  const expect =
    json.sample !== undefined
      ? `expect = ${json.sample}   # observed from ${kegName}; confirm it is right`
      : 'expect = { error = "" }   # observed: the call failed; put the expected message regex here';
  return ['[[cases]]', `name = ${JSON.stringify(`${fn} with an empty object`)}`, `function = ${JSON.stringify(fn)}`, 'input = {}', expect];
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
    lines.push('', '[[functions]]', `name = ${JSON.stringify(fn)}`);
    if (seen?.jsonInput !== undefined) lines.push(...inputSchemaSkeleton(seen.jsonInput));
    else lines.push('input = "bytes"');
    lines.push(`output = ${JSON.stringify(seen?.framing ?? 'bytes')}`);
    if (seen?.failure !== undefined && seen.jsonInput === undefined) lines.push(`# with empty input it failed: ${seen.failure.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  for (const fn of exports) {
    const seen = observed.get(fn);
    const json = seen?.jsonInput;
    if (json !== undefined) {
      lines.push('', ...jsonCase(fn, json, keg.name));
      continue;
    }
    lines.push('', '[[cases]]', `name = ${JSON.stringify(`${fn} with empty input`)}`, `function = ${JSON.stringify(fn)}`, 'input = ""');
    if (seen?.sample !== undefined) lines.push(`expect = ${seen.sample}   # observed from ${keg.name}; confirm it is right`);
    else if (seen?.failure !== undefined) lines.push(`expect = { error = "" }   # observed: the call failed; put the expected message regex here`);
    else lines.push('expect = { bytes = { hex = "" } }   # TODO: the expected output');
  }
  for (const fn of exports) {
    lines.push('', '[[properties]]', `function = ${JSON.stringify(fn)}`, 'check = "deterministic"', 'runs = 50', 'max_length = 64');
    if (observed.get(fn)?.jsonInput !== undefined) lines.push('', '[[properties]]', `function = ${JSON.stringify(fn)}`, 'check = "rejects_invalid"', 'runs = 100');
  }
  return `${lines.join('\n')}\n`;
}
