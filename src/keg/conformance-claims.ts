import { semver } from '../_internals/lazy-semver.js';
import type { Finding } from '../finding.js';

/** One entry of a plugin's `conforms` list: a plugin type and an npm semver range of its suite versions. */
export interface ConformanceClaim {
  readonly type: string;
  /** The range as written (`^1.2`). */
  readonly range: string;
  /** Index in `conforms`, for locations (`conforms[1]`). */
  readonly index: number;
}

/**
 * The valid claims of a plugin's parsed metadata.toml (`conforms = ["type@range", ...]`).
 * Entries that are malformed are skipped here; checkConformanceClaims reports them.
 */
export function conformanceClaims(metadata: Readonly<Record<string, unknown>>): ConformanceClaim[] {
  const list = metadata['conforms'];
  if (!Array.isArray(list)) return [];
  const out: ConformanceClaim[] = [];
  list.forEach((entry: unknown, index) => {
    const parsed = typeof entry === 'string' ? splitClaim(entry) : undefined;
    if (parsed !== undefined && semver().validRange(parsed.range) !== null) out.push({ ...parsed, index });
  });
  return out;
}

function splitClaim(text: string): { type: string; range: string } | undefined {
  const at = text.indexOf('@');
  if (at <= 0) return undefined;
  return { type: text.slice(0, at), range: text.slice(at + 1).trim() };
}

/**
 * Findings about `conforms` beyond its JSON Schema: a range npm's semver
 * cannot read (`conforms-range`, an error), and a claim for a type other than
 * the plugin's own (`conforms-type`, a warning: kegcheck only runs a plugin
 * against suites of its type).
 */
export function checkConformanceClaims(metadata: Readonly<Record<string, unknown>>, pluginType: string, file: string, locate: (pointer: string) => { line: number; column: number } | undefined): Finding[] {
  const list = metadata['conforms'];
  if (!Array.isArray(list)) return [];
  const findings: Finding[] = [];
  list.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') return; // the schema reports it
    const pointer = `/conforms/${index}`;
    const location = { file, pointer, keyPath: `conforms[${index}]`, ...locate(pointer) };
    const parsed = splitClaim(entry);
    if (parsed === undefined) return; // the schema's pattern reports it
    if (semver().validRange(parsed.range) === null) {
      findings.push({ code: 'conforms-range', severity: 'error', message: `"${entry}": '${parsed.range}' is not a semver range`, expected: 'type@range with an npm semver range, e.g. kegs.testing.vowelcounter@^1.2 or @>=1.0 <3', location });
    } else if (parsed.type !== pluginType) {
      findings.push({ code: 'conforms-type', severity: 'warning', message: `"${entry}" claims type ${parsed.type}, but the plugin's type is ${pluginType}; kegcheck runs a plugin only against suites of its own type`, location });
    }
  });
  return findings;
}
