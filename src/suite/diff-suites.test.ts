import { describe, expect, it } from 'vitest';
import { bumpCovers, diffSuites, shownBump } from './diff-suites.js';
import { parseSuite } from './load-suite.js';
import type { Suite } from './suite.js';

const BASE = {
  head: '[suite]\ntype = "acme.counter"\nversion = "1.2.0"\ndescription = "counts"\n',
  host: '[host]\ntimeout_ms = 1000\nmax_output_bytes = 4096\n[[host.functions]]\nname = "lookup"\nreturns = "str"\nvalue = "x"\n',
  fn: '[[functions]]\nname = "count"\ninput = "string"\noutput = "json"\noutput_schema = { type = "object", required = ["n"], properties = { n = { type = "integer", minimum = 0 } } }\n',
  packed: '[[functions]]\nname = "pair"\nargs = [{ name = "a", type = "i64" }]\nreturns = [{ name = "b", type = "str" }]\n',
  cases: '[[cases]]\nname = "empty"\nfunction = "count"\ninput = ""\nexpect = { json = { n = 0 } }\n',
  props: '[[properties]]\nname = "det"\nfunction = "count"\ncheck = "deterministic"\nruns = 10\n',
};
type Parts = typeof BASE;

function suite(over: Partial<Parts> = {}, file = '/pkg/a/x.suite.toml'): Suite {
  const parts = { ...BASE, ...over };
  const loaded = parseSuite(Object.values(parts).join('\n'), file);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  return loaded.suite;
}

function changes(over: Partial<Parts>, version = '9.0.0'): string[] {
  const after = suite({ ...over, head: (over.head ?? BASE.head).replace('1.2.0', version) });
  return diffSuites(suite(), after).changes.map((c) => `${c.level}: ${c.message}`);
}

describe('diffSuites', () => {
  it('finds nothing between two copies in different folders', () => {
    const d = diffSuites(suite(), suite({}, '/elsewhere/b/x.suite.toml'));
    expect(d.changes).toEqual([]);
    expect(d).toMatchObject({ needed: 'none', shown: 'none', ok: true });
  });

  it.each<[string, Partial<Parts>, string]>([
    ['function added', { packed: BASE.packed + '[[functions]]\nname = "more"\ninput = "none"\noutput = "none"\n' }, 'major: function more added (every keg must now export it)'],
    ['function removed', { packed: '' }, 'major: function pair removed (kegs written against it lose their contract)'],
    ['framing changed', { fn: BASE.fn.replace('input = "string"', 'input = "bytes"') }, 'major: function count: input changed from raw string to raw bytes'],
    ['packed type changed', { packed: BASE.packed.replace('type = "i64"', 'type = "f32"') }, 'major: function pair: input changed from (a: i64) to (a: f32)'],
    ['schema narrowed', { fn: BASE.fn.replace('minimum = 0', 'minimum = 1') }, 'major: function count: output_schema narrowed'],
    ['schema changed unprovably', { fn: BASE.fn.replace('type = "integer", minimum = 0', 'anyOf = [{ type = "integer" }]') }, 'major: function count: output_schema changed in a way not provably wider (counted as narrowing)'],
    ['timeout tightened', { host: BASE.host.replace('timeout_ms = 1000', 'timeout_ms = 500') }, 'major: host.timeout_ms tightened: 1000 → 500'],
    ['memory cap added below the default', { host: BASE.host.replace('[host]\n', '[host]\nmax_memory_pages = 16\n') }, 'major: host.max_memory_pages tightened: default 1024 → 16'],
    ['mock removed', { host: BASE.host.replace(/\[\[host\.functions\]\][^]*$/, '') }, 'major: host function mock lookup removed (plugins importing it stop loading)'],
    ['mock return type changed', { host: BASE.host.replace('returns = "str"\nvalue = "x"', 'returns = "i64"\nvalue = 1') }, 'major: host function mock lookup: return type changed from str to i64'],
    ['type renamed', { head: BASE.head.replace('acme.counter', 'acme.counter2') }, 'major: [suite] type renamed: acme.counter → acme.counter2'],
    ['schema widened', { fn: BASE.fn.replace('minimum = 0', 'minimum = -5') }, 'minor: function count: output_schema widened'],
    ['mock added', { host: BASE.host + '[[host.functions]]\nname = "more"\nreturns = "none"\n' }, 'minor: host function mock more added'],
    ['limit loosened', { host: BASE.host.replace('max_output_bytes = 4096', 'max_output_bytes = 8192') }, 'minor: host.max_output_bytes loosened: 4096 → 8192'],
    ['case added', { cases: BASE.cases + BASE.cases.replace('"empty"', '"empty again"') }, 'patch: case "empty again" added'],
    ['case changed', { cases: BASE.cases.replace('input = ""', 'input = "xyz"') }, 'patch: case "empty" changed'],
    ['property changed', { props: BASE.props.replace('runs = 10', 'runs = 20') }, 'patch: property "det" changed'],
    ['description changed', { head: BASE.head.replace('counts', 'counts things') }, 'patch: [suite] description changed'],
    ['packed field renamed', { packed: BASE.packed.replace('name = "a"', 'name = "first"') }, 'patch: function pair: input fields renamed ((a: i64) → (first: i64)), same bytes'],
  ])('%s', (_name, over, expected) => {
    const found = changes(over);
    expect(found).toContain(expected);
    // Anything else found alongside (a case whose input is now framed differently) ranks lower.
    expect(found.filter((c) => c !== expected && c.split(':')[0] === expected.split(':')[0])).toEqual([]);
  });

  it('needs the largest level and checks the bump', () => {
    const after = suite({ fn: BASE.fn.replace('minimum = 0', 'minimum = 1'), cases: '', head: BASE.head.replace('1.2.0', '1.3.0') });
    const d = diffSuites(suite(), after);
    expect(d.changes.map((c) => c.level).sort()).toEqual(['major', 'patch']);
    expect(d).toMatchObject({ needed: 'major', shown: 'minor', ok: false });
    expect(diffSuites(suite(), suite({ cases: '', head: BASE.head.replace('1.2.0', '1.2.1') }))).toMatchObject({ needed: 'patch', shown: 'patch', ok: true });
  });
});

describe('bumps', () => {
  it('reads semver steps', () => {
    expect(shownBump('1.2.0', '2.0.0')).toBe('major');
    expect(shownBump('1.2.0', '2.0.0-rc.1')).toBe('major');
    expect(shownBump('1.2.0', '1.3.0')).toBe('minor');
    expect(shownBump('1.2.0', '1.2.1')).toBe('patch');
    expect(shownBump('1.2.0', '1.2.0')).toBe('none');
    expect(shownBump('1.2.0', '1.1.9')).toBe('downgrade');
  });
  it('below 1.0.0 levels shift down one, as caret ranges read them', () => {
    expect(bumpCovers('0.2.0', '0.3.0', 'major')).toBe(true);
    expect(bumpCovers('0.2.0', '0.2.1', 'major')).toBe(false);
    expect(bumpCovers('0.2.0', '0.2.1', 'minor')).toBe(true);
    expect(bumpCovers('1.2.0', '1.2.1', 'minor')).toBe(false);
    expect(bumpCovers('1.2.0', '1.2.0', 'none')).toBe(true);
    expect(bumpCovers('1.2.0', '1.2.0', 'patch')).toBe(false);
  });
});
