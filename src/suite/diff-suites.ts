import { dirname, isAbsolute, relative } from 'node:path';
import semver from 'semver';
import { formatSignature, type Signature } from '../codec/signature.js';
import { DEFAULT_MAX_MEMORY_PAGES, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS } from '../host/plugin-spec.js';
import { compareSchemas } from './compare-schemas.js';
import type { DeclaredAt, Suite } from './suite.js';

/** How far a change reaches: major (a conforming keg may stop conforming), minor (more kegs conform), patch (tests only). */
export type BumpLevel = 'major' | 'minor' | 'patch';
export type Bump = BumpLevel | 'none';

export interface SuiteChange {
  readonly level: BumpLevel;
  /** What changed, for people: `function count_vowels: output_schema narrowed`. */
  readonly message: string;
  /** Where, in the new suite (or the old one for a removal). */
  readonly at?: DeclaredAt;
}

/** The changes between two versions of one plugin type's suite, and whether the version moved enough. */
export interface SuiteDiff {
  readonly type: string;
  readonly oldVersion: string;
  readonly newVersion: string;
  readonly changes: readonly SuiteChange[];
  /** The bump the changes need. */
  readonly needed: Bump;
  /** The bump the two `[suite] version`s show (`none` when equal, `downgrade` when the new one is lower). */
  readonly shown: Bump | 'downgrade';
  /** True when `shown` covers `needed` (see bumpCovers). */
  readonly ok: boolean;
}

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The larger of two bumps. */
export function maxBump(a: Bump, b: Bump): Bump {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The bump from `from` to `to` as semver sees it: prerelease steps count as
 * the level they prepare (premajor as major...), a bare prerelease step as patch.
 */
export function shownBump(from: string, to: string): Bump | 'downgrade' {
  const cmp = semver.compare(to, from);
  if (cmp === 0) return 'none';
  if (cmp < 0) return 'downgrade';
  const diff = semver.diff(from, to);
  if (diff === 'major' || diff === 'premajor') return 'major';
  if (diff === 'minor' || diff === 'preminor') return 'minor';
  return 'patch';
}

/**
 * Whether going from `from` to `to` is a big enough bump for `needed`. Below
 * 1.0.0 the levels shift down one, as npm's caret ranges read them (`^0.2`
 * takes 0.2.x only): a major change needs 0.y → 0.(y+1), a minor change a patch bump.
 */
export function bumpCovers(from: string, to: string, needed: Bump): boolean {
  if (needed === 'none') return semver.gte(to, from);
  const shown = shownBump(from, to);
  if (shown === 'downgrade' || shown === 'none') return false;
  const zero = semver.major(from) === 0 && semver.major(to) === 0;
  const effective = zero ? Math.min(RANK[shown] + 1, RANK.major) : RANK[shown];
  return effective >= RANK[needed];
}

// A canonical text of a model value, ignoring where it was declared; paths
// inside the suite's folder are made relative to it, so two copies of a
// package compare equal.
function canonical(value: unknown, base?: string): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'at' || key === 'index') return undefined;
    if (base !== undefined && typeof v === 'string' && isAbsolute(v)) return `path:${relative(base, v)}`;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
    if (v instanceof RegExp) return `re:${v.source}/${v.flags}`;
    return v;
  });
}

function sameWire(a: Signature, b: Signature): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'raw' && b.kind === 'raw') return a.framing === b.framing;
  if (a.kind === 'packed' && b.kind === 'packed') return a.fields.length === b.fields.length && a.fields.every((f, i) => f.type === b.fields[i]?.type);
  return false;
}

function compareLimit(changes: SuiteChange[], name: string, before: number | undefined, after: number | undefined, fallback: number, at: DeclaredAt): void {
  const a = before ?? fallback;
  const b = after ?? fallback;
  if (a === b) return;
  const shown = (v: number | undefined): string => (v === undefined ? `default ${fallback}` : String(v));
  changes.push(b < a ? { level: 'major', message: `host.${name} tightened: ${shown(before)} → ${shown(after)}`, at } : { level: 'minor', message: `host.${name} loosened: ${shown(before)} → ${shown(after)}`, at });
}

function compareNamed<T extends { readonly name: string; readonly at: DeclaredAt }>(changes: SuiteChange[], what: string, before: readonly T[], after: readonly T[], bases: readonly [string, string]): void {
  const old = new Map(before.map((x) => [x.name, x]));
  const next = new Map(after.map((x) => [x.name, x]));
  for (const [name, x] of next) {
    const o = old.get(name);
    if (o === undefined) changes.push({ level: 'patch', message: `${what} "${name}" added`, at: x.at });
    else if (canonical(o, bases[0]) !== canonical(x, bases[1])) changes.push({ level: 'patch', message: `${what} "${name}" changed`, at: x.at });
  }
  for (const [name, o] of old) if (!next.has(name)) changes.push({ level: 'patch', message: `${what} "${name}" removed`, at: o.at });
}

/**
 * Lists every change from `before` to `after` (two versions of one type's
 * suite) with its level, per the versioning rules of docs/suite-packages.md.
 */
export function diffSuites(before: Suite, after: Suite): SuiteDiff {
  const changes: SuiteChange[] = [];
  const head = { file: after.file };
  if (before.type !== after.type) changes.push({ level: 'major', message: `[suite] type renamed: ${before.type} → ${after.type}`, at: head });

  const oldFns = new Map(before.functions.map((f) => [f.name, f]));
  const newFns = new Map(after.functions.map((f) => [f.name, f]));
  for (const [name, fn] of newFns) {
    const old = oldFns.get(name);
    if (old === undefined) {
      changes.push({ level: 'major', message: `function ${name} added (every keg must now export it)`, at: fn.at });
      continue;
    }
    for (const side of ['input', 'output'] as const) {
      if (!sameWire(old[side], fn[side])) changes.push({ level: 'major', message: `function ${name}: ${side} changed from ${formatSignature(old[side])} to ${formatSignature(fn[side])}`, at: fn.at });
      else if (canonical(old[side]) !== canonical(fn[side])) changes.push({ level: 'patch', message: `function ${name}: ${side} fields renamed (${formatSignature(old[side])} → ${formatSignature(fn[side])}), same bytes`, at: fn.at });
    }
    const schema = compareSchemas(old.outputSchema, fn.outputSchema);
    if (schema === 'widened') changes.push({ level: 'minor', message: `function ${name}: output_schema widened`, at: fn.at });
    else if (schema === 'narrowed') changes.push({ level: 'major', message: `function ${name}: output_schema narrowed`, at: fn.at });
    else if (schema === 'unknown') changes.push({ level: 'major', message: `function ${name}: output_schema changed in a way not provably wider (counted as narrowing)`, at: fn.at });
    if ((old.lenientDecode ?? false) !== (fn.lenientDecode ?? false)) {
      changes.push(fn.lenientDecode === true ? { level: 'minor', message: `function ${name}: lenient_decode turned on (trailing bytes accepted)`, at: fn.at } : { level: 'major', message: `function ${name}: lenient_decode turned off (trailing bytes now fail)`, at: fn.at });
    }
    if ((old.description ?? '') !== (fn.description ?? '')) changes.push({ level: 'patch', message: `function ${name}: description changed`, at: fn.at });
  }
  for (const [name, old] of oldFns) if (!newFns.has(name)) changes.push({ level: 'major', message: `function ${name} removed (kegs written against it lose their contract)`, at: old.at });

  compareLimit(changes, 'timeout_ms', before.host.timeoutMs, after.host.timeoutMs, DEFAULT_TIMEOUT_MS, head);
  compareLimit(changes, 'max_memory_pages', before.host.maxMemoryPages, after.host.maxMemoryPages, DEFAULT_MAX_MEMORY_PAGES, head);
  compareLimit(changes, 'max_output_bytes', before.host.maxOutputBytes, after.host.maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES, head);
  if (before.host.wasi !== after.host.wasi) {
    changes.push(after.host.wasi ? { level: 'minor', message: 'host.wasi turned on', at: head } : { level: 'major', message: 'host.wasi turned off (plugins importing WASI stop loading)', at: head });
  }
  for (const [key, value] of Object.entries(before.host.config)) {
    if (!(key in after.host.config)) changes.push({ level: 'major', message: `host.config.${key} removed`, at: head });
    else if (after.host.config[key] !== value) changes.push({ level: 'major', message: `host.config.${key} changed: ${JSON.stringify(value)} → ${JSON.stringify(after.host.config[key])}`, at: head });
  }
  for (const key of Object.keys(after.host.config)) if (!(key in before.host.config)) changes.push({ level: 'minor', message: `host.config.${key} added`, at: head });

  const oldMocks = new Map(before.host.functions.map((m) => [m.name, m]));
  const newMocks = new Map(after.host.functions.map((m) => [m.name, m]));
  for (const [name, mock] of newMocks) {
    const old = oldMocks.get(name);
    if (old === undefined) changes.push({ level: 'minor', message: `host function mock ${name} added`, at: head });
    else if (old.returns !== mock.returns) changes.push({ level: 'major', message: `host function mock ${name}: return type changed from ${old.returns} to ${mock.returns}`, at: head });
    else if (canonical(old.value) !== canonical(mock.value)) changes.push({ level: 'patch', message: `host function mock ${name}: value changed`, at: head });
  }
  for (const name of oldMocks.keys()) if (!newMocks.has(name)) changes.push({ level: 'major', message: `host function mock ${name} removed (plugins importing it stop loading)`, at: head });

  const bases = [dirname(before.file), dirname(after.file)] as const;
  compareNamed(changes, 'case', before.cases, after.cases, bases);
  compareNamed(changes, 'property', before.properties, after.properties, bases);
  const fail = (x: Suite['expectedFail'][number]): { name: string; at: DeclaredAt; reason: string } => ({ name: `${x.keg}${x.plugin === undefined ? '' : `:${x.plugin}`} ${x.check}`, at: x.at, reason: x.reason });
  compareNamed(changes, 'expected failure', before.expectedFail.map(fail), after.expectedFail.map(fail), bases);
  if ((before.description ?? '') !== (after.description ?? '')) changes.push({ level: 'patch', message: '[suite] description changed', at: head });
  if (canonical(before.reference ?? null, bases[0]) !== canonical(after.reference ?? null, bases[1])) changes.push({ level: 'patch', message: '[suite] reference changed', at: head });
  if (canonical(before.fixtures, bases[0]) !== canonical(after.fixtures, bases[1])) changes.push({ level: 'patch', message: '[suite] fixtures changed', at: head });

  const needed = changes.reduce<Bump>((acc, c) => maxBump(acc, c.level), 'none');
  return {
    type: after.type,
    oldVersion: before.version,
    newVersion: after.version,
    changes,
    needed,
    shown: shownBump(before.version, after.version),
    ok: bumpCovers(before.version, after.version, needed),
  };
}
