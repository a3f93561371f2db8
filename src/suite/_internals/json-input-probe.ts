import type { CallResult } from '../../host/plugin-spec.js';

/** What two probe calls (empty input, then `{}`) say about a function's input. */
export interface JsonInputEvidence {
  /** Why the input looks like JSON, for the scaffold's comment. */
  readonly evidence: string;
  /** Keys the plugin said were missing from `{}`, as hints for `required`. */
  readonly missingKeys: readonly string[];
}

// How JSON parsers word "that was not JSON": serde_json, JSON.parse, Go, Python, ours.
const PARSE_FAILURE = /json|eof|end of (input|data|file)|unexpected end|parse|syntax|expecting value|expected value|unexpected token/i;
// How they word a missing key: serde's `missing field "op"`, `missing key "op"`, `"op" is required`, `required property 'op'`.
const MISSING_KEY = /missing (?:field|key|property)\s*[`'"]?([A-Za-z_$][\w$-]*)|[`'"]([A-Za-z_$][\w$-]*)[`'"] is required|required (?:field|key|property)\s*[`'"]?([A-Za-z_$][\w$-]*)/gi;

const failureText = (r: CallResult): string => (r.kind === 'ok' ? '' : r.message);

/**
 * JSON input, judged from a call with empty input and one with `{}`: the
 * empty call failed and `{}` was accepted, or the empty call failed like a
 * JSON parser and `{}` failed differently (usually a missing key). Undefined
 * when nothing points at JSON.
 */
export function judgeJsonInput(empty: CallResult, object: CallResult): JsonInputEvidence | undefined {
  if (empty.kind === 'ok') return undefined;
  if (object.kind === 'ok') return { evidence: `empty input failed (${oneLine(empty.message)}) but {} was accepted`, missingKeys: [] };
  if (object.kind !== 'plugin-error' && object.kind !== 'exit-code') return undefined;
  const emptyText = failureText(empty);
  const objectText = failureText(object);
  if (!PARSE_FAILURE.test(emptyText) || emptyText === objectText) return undefined;
  const keys = new Set<string>();
  for (const m of objectText.matchAll(MISSING_KEY)) {
    const key = m[1] ?? m[2] ?? m[3];
    if (key !== undefined) keys.add(key);
  }
  return { evidence: `empty input failed like a JSON parser (${oneLine(emptyText)}); {} failed differently (${oneLine(objectText)})`, missingKeys: [...keys] };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

/**
 * TOML lines for a function that takes JSON (after its `input = "json"`): an
 * `input_schema` skeleton that is a valid, satisfiable schema as written
 * (an object; the keys the probe named are listed as hints to fill in).
 */
export function inputSchemaSkeleton(found: JsonInputEvidence): string[] {
  const keys = found.missingKeys;
  const lines = [
    `# input_schema skeleton: the probe says this function takes JSON (${found.evidence.replace(/\n/g, ' ')}).`,
    '# Describe every key (type, bounds, enum), list the required ones and set additionalProperties = false;',
    '# properties then draw inputs from it and rejects_invalid checks that broken inputs are refused.',
  ];
  if (keys.length === 0) lines.push('input_schema = { type = "object" }');
  else {
    lines.push(`# the plugin said these keys were missing from {}: ${keys.join(', ')}`);
    const properties = keys.map((k) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = {}`).join(', ');
    lines.push(`input_schema = { type = "object", required = [${keys.map((k) => JSON.stringify(k)).join(', ')}], properties = { ${properties} } }`);
  }
  return lines;
}
