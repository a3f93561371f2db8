// Guards the fixture kegs of conformance/*.suite.toml independently of the
// runner: every golden case's input goes straight into the real plugin through
// @extism/extism, and the answer is compared with the case's expectation.
// Good kegs must meet every case; a deliberately broken keg must miss exactly
// the cases its suite lists under `expected_fail` (so the runner reports them
// as xfail, never xpass) and meet all others.
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import createPlugin, { type Plugin } from '@extism/extism';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureHost, type FixtureHost } from './fixture-host.js';
import { decodePacked, encodePacked, type PackedField, type PackedValue } from './fixture-packed.js';

const conformanceDir = fileURLToPath(new URL('../../conformance/', import.meta.url));

type Toml = Record<string, unknown>;

interface LoadedSuite {
  readonly file: string;
  readonly doc: Toml;
  readonly fixtures: readonly string[];
  readonly functions: ReadonlyMap<string, Toml>;
}

function asArray(value: unknown): Toml[] {
  return Array.isArray(value) ? (value as Toml[]) : [];
}

function loadSuite(file: string): LoadedSuite {
  const doc = parse(readFileSync(file, 'utf8')) as Toml;
  const suite = doc['suite'] as Toml;
  const fixtures = (suite['fixtures'] as string[]).map((f) => resolve(dirname(file), f));
  const functions = new Map(asArray(doc['functions']).map((f) => [String(f['name']), f]));
  return { file, doc, fixtures, functions };
}

function kegName(kegDir: string): string {
  const manifest = parse(readFileSync(join(kegDir, 'keg.toml'), 'utf8')) as Toml;
  const table = (manifest['package'] ?? manifest['keg']) as Toml;
  return String(table['name']);
}

function pluginDirs(kegDir: string): string[] {
  const manifest = parse(readFileSync(join(kegDir, 'keg.toml'), 'utf8')) as Toml;
  return asArray(manifest['plugins']).map((p) => join(kegDir, String(p['path'] ?? `plugins/${String(p['name'])}`)));
}

/** The `*`-wildcard matching the suite format documents for expected_fail. */
function globMatches(pattern: string, text: string): boolean {
  const body = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`).test(text);
}

function expectedToFail(suite: LoadedSuite, keg: string, check: string): boolean {
  return asArray(suite.doc['expected_fail']).some((e) => globMatches(String(e['keg']), keg) && globMatches(String(e['check']), check));
}

function packedFields(list: unknown): PackedField[] {
  return asArray(list).map((f) => ({ name: String(f['name']), type: f['type'] as PackedField['type'] }));
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/[\s_]/g, ''), 'hex'));
}

function suiteValue(type: PackedField['type'], raw: unknown): PackedValue {
  switch (type) {
    case 'i64':
      return BigInt(raw as number | string);
    case 'f32':
      return raw as number;
    case 'str':
      return raw as string;
    case 'bin':
      return hexToBytes(String((raw as Toml)['hex']));
  }
}

function inputBytes(fn: Toml, step: Toml): Uint8Array | string {
  if (fn['args'] !== undefined) {
    const fields = packedFields(fn['args']);
    const args = step['args'] as unknown[];
    return encodePacked(fields, fields.map((f, i) => suiteValue(f.type, args[i])));
  }
  switch (fn['input']) {
    case 'bytes':
      return hexToBytes(String((step['input'] as Toml)['hex']));
    case 'json':
      return JSON.stringify(step['input']);
    case 'none':
      return '';
    default:
      return String(step['input'] ?? '');
  }
}

type Outcome = { readonly ok: true; readonly output: Uint8Array } | { readonly ok: false; readonly error: string };

async function callPlugin(plugin: Plugin, name: string, input: Uint8Array | string): Promise<Outcome> {
  try {
    const out = await plugin.call(name, input);
    return { ok: true, output: out === null ? new Uint8Array() : out.bytes() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function closeTo(actual: number, expected: number, tolerance: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return actual === expected || Math.abs(actual - expected) <= tolerance;
}

/** Whether a call's result met a step's `expect`; the reason when it did not. */
function judgeResult(suite: LoadedSuite, fn: Toml, step: Toml, outcome: Outcome): string | undefined {
  const want = step['expect'] as Toml;
  if (want['outcome'] !== undefined) {
    // The SDK tells plugin errors apart from other failures only by this prefix.
    const kind = outcome.ok ? 'ok' : outcome.error.startsWith('Plugin-originated error: ') ? 'plugin-error' : 'trap';
    if (kind !== want['outcome']) return `ended ${kind}${outcome.ok ? '' : `: ${outcome.error}`}, expected ${String(want['outcome'])}`;
    const message = outcome.ok ? '' : outcome.error.replace(/^Plugin-originated error: /, '');
    return want['error'] === undefined || new RegExp(String(want['error'])).test(message) ? undefined : `error ${JSON.stringify(message)} does not match`;
  }
  if (want['error'] !== undefined) {
    if (outcome.ok) return 'expected an error, got output';
    return new RegExp(String(want['error'])).test(outcome.error) ? undefined : `error ${JSON.stringify(outcome.error)} does not match`;
  }
  if (!outcome.ok) return `call failed: ${outcome.error}`;
  const text = new TextDecoder().decode(outcome.output);
  if (want['json'] !== undefined) {
    try {
      return JSON.stringify(JSON.parse(text)) === JSON.stringify(want['json']) ? undefined : `json ${text}`;
    } catch {
      return `not JSON: ${text}`;
    }
  }
  if (want['text'] !== undefined) return text === want['text'] ? undefined : `text ${JSON.stringify(text)}`;
  if (want['file'] !== undefined) {
    const golden = readFileSync(resolve(dirname(suite.file), String(want['file'])), 'utf8');
    return text === golden ? undefined : `text ${JSON.stringify(text)} differs from ${String(want['file'])}`;
  }
  if (want['bytes'] !== undefined) {
    const hex = Buffer.from(outcome.output).toString('hex');
    return hex === Buffer.from(hexToBytes(String((want['bytes'] as Toml)['hex']))).toString('hex') ? undefined : `bytes ${hex}`;
  }
  if (want['returns'] !== undefined) {
    const fields = packedFields(fn['returns']);
    let values: PackedValue[];
    try {
      values = decodePacked(fields, outcome.output);
    } catch (error) {
      return `undecodable result: ${String(error)}`;
    }
    const expected = want['returns'] as unknown[];
    const tolerance = Number(step['tolerance'] ?? 0);
    for (const [i, field] of fields.entries()) {
      const exp = suiteValue(field.type, expected[i]);
      const got = values[i];
      const same =
        field.type === 'f32'
          ? closeTo(got as number, exp as number, tolerance)
          : field.type === 'bin'
            ? Buffer.from(got as Uint8Array).equals(Buffer.from(exp as Uint8Array))
            : got === exp;
      if (!same) return `field ${field.name}: got ${String(got)}, expected ${String(exp)}`;
    }
    return undefined;
  }
  return 'case has no expectation this test understands';
}

/** Every way one call missed its step (result, logs, prints, static reads). */
function judge(suite: LoadedSuite, fn: Toml, step: Toml, outcome: Outcome, host: FixtureHost): string[] {
  const problems: string[] = [];
  const result = judgeResult(suite, fn, step, outcome);
  if (result !== undefined) problems.push(result);
  const captured: [string, unknown][] = [
    ['logs', host.logs],
    ['prints', host.prints],
    ['static_reads', host.reads],
  ];
  for (const [key, actual] of captured) {
    const wanted = step[key];
    if (wanted !== undefined && JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`${key} ${JSON.stringify(actual)}`);
  }
  return problems;
}

const suiteFiles = (await readdir(conformanceDir)).filter((f) => f.endsWith('.suite.toml')).sort();
const open: Plugin[] = [];
afterAll(async () => {
  await Promise.all(open.map((p) => p.close()));
});

async function load(pluginDir: string, host: FixtureHost, config?: Record<string, string>): Promise<Plugin> {
  const plugin = await createPlugin(join(pluginDir, 'plugin.wasm'), { useWasi: false, functions: host.functions, logger: host.logger, ...(config === undefined ? {} : { config }) });
  open.push(plugin);
  return plugin;
}

it('finds the seven published suites', () => {
  expect(suiteFiles).toEqual(['calc.suite.toml', 'digest.suite.toml', 'forecast.suite.toml', 'packed.suite.toml', 'resources.suite.toml', 'tally.suite.toml', 'vowelcounter.suite.toml']);
});

for (const suiteFile of suiteFiles) {
  const suite = loadSuite(join(conformanceDir, suiteFile));
  describe(suiteFile, () => {
    it('names at least one good and one broken fixture keg', () => {
      const broken = suite.fixtures.filter((k) => asArray(suite.doc['expected_fail']).some((e) => globMatches(String(e['keg']), kegName(k))));
      expect(broken.length).toBeGreaterThan(0);
      expect(suite.fixtures.length).toBeGreaterThan(broken.length);
    });

    for (const kegDir of suite.fixtures) {
      const keg = kegName(kegDir);
      for (const pluginDir of pluginDirs(kegDir)) {
        for (const testCase of asArray(suite.doc['cases'])) {
          const name = String(testCase['name']);
          const shouldFail = expectedToFail(suite, keg, name);
          it(`${keg}: ${name} ${shouldFail ? 'misses' : 'meets'} its expectation`, async () => {
            const host = fixtureHost(suite.doc, pluginDir);
            const steps = testCase['steps'] === undefined ? [testCase] : asArray(testCase['steps']);
            const plugin = await load(pluginDir, host, testCase['config'] as Record<string, string> | undefined);
            const problems: string[] = [];
            for (const step of steps) {
              const fnName = String(step['function'] ?? testCase['function']);
              const fn = suite.functions.get(fnName);
              expect(fn, `function ${fnName} declared in the suite`).toBeDefined();
              host.reset();
              const outcome = await callPlugin(plugin, fnName, inputBytes(fn as Toml, step));
              problems.push(...judge(suite, fn as Toml, step, outcome, host));
            }
            if (shouldFail) expect(problems, 'a listed expected failure must really fail').not.toEqual([]);
            else expect(problems).toEqual([]);
          });
        }
      }
    }
  });
}

function fieldArbitrary(field: PackedField, limits: Toml): fc.Arbitrary<PackedValue> {
  const maxLength = Number(limits['max_length'] ?? 64);
  switch (field.type) {
    case 'i64':
      return fc.bigInt({ min: BigInt((limits['min'] as number | string | undefined) ?? -(2n ** 63n)), max: BigInt((limits['max'] as number | string | undefined) ?? 2n ** 63n - 1n) });
    case 'f32':
      return fc.float();
    case 'str': {
      const alphabet = limits['alphabet'];
      const unit = typeof alphabet === 'string' ? fc.constantFrom(...alphabet) : 'grapheme';
      return fc.string({ unit, maxLength });
    }
    case 'bin':
      return fc.uint8Array({ maxLength });
  }
}

/** Inputs for a property: packed args from per-field constraints, or one raw input. */
function inputArbitrary(fn: Toml, property: Toml): fc.Arbitrary<Uint8Array | string> {
  const constraints = (property['constraints'] ?? {}) as Toml;
  if (fn['args'] !== undefined) {
    const fields = packedFields(fn['args']);
    return fc.tuple(...fields.map((f) => fieldArbitrary(f, (constraints[f.name] ?? {}) as Toml))).map((values) => encodePacked(fields, values));
  }
  if (fn['input'] === 'none') return fc.constant('');
  return fieldArbitrary({ name: 'input', type: 'str' }, { ...property, ...((constraints['input'] ?? {}) as Toml) }) as fc.Arbitrary<string>;
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.ok && b.ok) return Buffer.from(a.output).equals(Buffer.from(b.output));
  return !a.ok && !b.ok;
}

// What shrinking must reduce each deliberate bug to, per keg and check.
const SHRUNK_TO: Readonly<Record<string, (input: unknown) => boolean>> = {
  // One uppercase vowel, perhaps with combining marks (a decomposed À holds an A).
  'vowels_lowercase_only/count matches the oracle on vowel-heavy text': (v) => typeof v === 'string' && /^[AEIOU]\p{M}*$/u.test(v),
  'packed_sign_dropped/sum_i64 matches the reference': (v) => v instanceof Uint8Array && Buffer.from(v).equals(Buffer.from(encodePacked([{ name: 'a', type: 'i64' }, { name: 'b', type: 'i64' }], [0n, -1n]))),
  'packed_sign_dropped/quotient matches the reference': (v) => v instanceof Uint8Array && Buffer.from(v).equals(Buffer.from(encodePacked([{ name: 'a', type: 'i64' }, { name: 'b', type: 'i64' }], [-1n, 1n]))),
  'greeter_wrong_path/welcome matches the reference': (v) => v === '',
};

describe('oracle and matches_reference properties', () => {
  for (const suiteFile of suiteFiles) {
    const suite = loadSuite(join(conformanceDir, suiteFile));
    const seed = 0x5eed_0001;
    const properties = asArray(suite.doc['properties']).filter((p) => p['check'] === 'oracle' || p['check'] === 'matches_reference');
    for (const kegDir of suite.fixtures) {
      const keg = kegName(kegDir);
      for (const property of properties) {
        const name = String(property['name']);
        const shouldFail = expectedToFail(suite, keg, name);
        it(`${suiteFile} ${keg}: ${name} ${shouldFail ? 'fails as intended' : 'holds'} (seed 0x5eed0001)`, async () => {
          const fnName = String(property['function']);
          const fn = suite.functions.get(fnName) as Toml;
          const [pluginDir] = pluginDirs(kegDir) as [string];
          const plugin = await load(pluginDir, fixtureHost(suite.doc, pluginDir));
          let expected: (input: Uint8Array | string) => Promise<Outcome>;
          if (property['check'] === 'oracle') {
            const url = pathToFileURL(resolve(dirname(suite.file), String(property['oracle']))).href;
            const { default: oracle } = (await import(url)) as { default: (input: string) => unknown };
            expected = async (input) => {
              const want = oracle(String(input));
              return { ok: true, output: new TextEncoder().encode(typeof want === 'string' ? want : JSON.stringify(want)) };
            };
          } else {
            const referenceDir = resolve(dirname(suite.file), String(property['reference'] ?? (suite.doc['suite'] as Toml)['reference']));
            const [referencePluginDir] = pluginDirs(referenceDir) as [string];
            const reference = await load(referencePluginDir, fixtureHost(suite.doc, referencePluginDir));
            expected = (input) => callPlugin(reference, fnName, input);
          }
          const json = fn['output'] === 'json';
          const details = await fc.check(
            fc.asyncProperty(inputArbitrary(fn, property), async (input) => {
              const [got, want] = [await callPlugin(plugin, fnName, input), await expected(input)];
              if (json && got.ok && want.ok) {
                const text = (o: { output: Uint8Array }): string => JSON.stringify(JSON.parse(new TextDecoder().decode(o.output)));
                return text(got) === text(want);
              }
              return sameOutcome(got, want);
            }),
            { seed, numRuns: Number(property['runs'] ?? 100) },
          );
          if (!shouldFail) {
            expect(details.failed, `counterexample ${String(details.counterexample?.[0])}`).toBe(false);
            return;
          }
          expect(details.failed).toBe(true);
          const shape = SHRUNK_TO[`${keg}/${name}`];
          if (shape !== undefined) expect(shape(details.counterexample?.[0]), `shrunk to ${String(details.counterexample?.[0])}`).toBe(true);
        });
      }
    }
  }
});

describe('packed roundtrip properties', () => {
  const suite = loadSuite(join(conformanceDir, 'packed.suite.toml'));
  const echo = suite.functions.get('echo') as Toml;
  const fields = packedFields(echo['args']);
  const seed = 0x5eed_0002;
  // What shrinking must reduce each deliberate bug to.
  const shrunkTo: Readonly<Record<string, (values: readonly PackedValue[]) => boolean>> = {
    packed_sign_dropped: (v) => v[0] === -1n,
    packed_utf16_lengths: (v) => typeof v[2] === 'string' && [...v[2]].length === 1 && [...v[2]].some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f),
  };

  function same(a: PackedValue | undefined, b: PackedValue): boolean {
    if (b instanceof Uint8Array) return a instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
    return Object.is(a, b);
  }

  const roundtrips = asArray(suite.doc['properties']).filter((p) => p['check'] === 'roundtrip');
  it('declares a 1000-run roundtrip', () => {
    expect(roundtrips.map((p) => p['runs'])).toContain(1000);
  });

  for (const kegDir of suite.fixtures) {
    const keg = kegName(kegDir);
    for (const property of roundtrips) {
      const name = String(property['name']);
      const shouldFail = expectedToFail(suite, keg, name);
      const constraints = (property['constraints'] ?? {}) as Toml;
      it(`${keg}: ${name} ${shouldFail ? 'fails with the intended counterexample' : 'holds'} (seed 0x5eed0002)`, async () => {
        const [pluginDir] = pluginDirs(kegDir);
        const plugin = await load(pluginDir as string, fixtureHost(suite.doc, pluginDir as string));
        const details = await fc.check(
          fc.asyncProperty(fc.tuple(...fields.map((f) => fieldArbitrary(f, (constraints[f.name] ?? {}) as Toml))), async (values) => {
            const out = await callPlugin(plugin, 'echo', encodePacked(fields, values));
            if (!out.ok) return false;
            try {
              return decodePacked(fields, out.output).every((v, i) => same(v, values[i] as PackedValue));
            } catch {
              return false;
            }
          }),
          { seed, numRuns: Number(property['runs']) },
        );
        if (shouldFail) {
          expect(details.failed).toBe(true);
          const check = shrunkTo[keg];
          expect(check, `a counterexample shape for ${keg}`).toBeDefined();
          expect(check?.(details.counterexample?.[0] as PackedValue[]), `shrunk to ${String(details.counterexample?.[0])}`).toBe(true);
        } else {
          expect(details.failed, `counterexample ${String(details.counterexample?.[0])}`).toBe(false);
        }
      });
    }
  }
});
