import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { loadSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';

const TYPE = 'kegs.testing.vowelcounter';
const ALPHABET = 'aeiouAEIOUyYbB éÉöÖ';
const VOWELS = /[aeiouAEIOU]/g;

let root: ScratchRoot;
let supervisor: Supervisor;
let keg: Keg;
let suite: Suite;

beforeAll(async () => {
  supervisor = new Supervisor({ workers: 2 });
  root = await scratchRoot();
  keg = await loadKeg(await root.keg('one_digit', [{ name: 'count_vowels', type: TYPE, wat: 'vowels-one-digit.wat', replace: { KEEP_LOOPING: '0' } }]));
  await root.file(
    'oracles/vowels.mjs',
    'export function count_vowels(text) { let count = 0; for (const ch of text) if ("aeiouAEIOU".includes(ch)) count += 1; return { count }; }\n',
  );
  const loaded = await loadSuite(
    await root.file(
      'vowels.suite.toml',
      `[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "count_vowels"
input = "string"
output = "json"
[[properties]]
name = "count matches the oracle on vowel-heavy text"
function = "count_vowels"
check = "oracle"
oracle = "oracles/vowels.mjs"
runs = 300
max_length = 16
alphabet = "${ALPHABET}"
`,
    ),
  );
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
  suite = loaded.suite;
});
afterAll(async () => {
  await supervisor.close();
  await keg.dispose();
  await root.dispose();
});

describe('generators cover the declared range', () => {
  it('finds a formatting bug that needs 10 vowels in at most 16 characters within 300 runs, for every seed tried', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const result = await runSuite(suite, [keg], { supervisor, seed });
      const check = result.plugins[0]?.checks.find((c) => c.kind === 'property');
      expect(check?.status, `seed ${seed}`).toBe('fail');
      // The replay path starts with the index of the first failing run, before any shrinking.
      expect(Number(check?.replayPath?.split(':')[0]), `seed ${seed}`).toBeLessThan(300);
      // Shrunk to the smallest input that still shows it: exactly ten vowels.
      expect(String(check?.counterexample?.values).match(VOWELS)?.length, `seed ${seed}`).toBe(10);
    }
  }, 120_000);

  it('the baseline: fast-check\'s default size alone seldom reaches 10 vowels in 300 strings of at most 16', () => {
    const unit = fc.constantFrom(...Array.from(ALPHABET));
    let reached = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const strings = fc.sample(fc.string({ unit, maxLength: 16 }), { seed, numRuns: 300 });
      if (strings.some((s) => (s.match(VOWELS)?.length ?? 0) >= 10)) reached += 1;
    }
    expect(reached).toBeLessThan(8);
  });

  it('says what range each property covered: the longest declared string among the inputs', async () => {
    const good = await loadKeg(await root.keg('good', [{ name: 'count_vowels', type: TYPE, wat: 'vowels-one-digit.wat', replace: { KEEP_LOOPING: '1' } }]));
    try {
      const result = await runSuite(suite, [good], { supervisor, seed: 1 });
      const property = result.plugins[0]?.checks.find((c) => c.kind === 'property');
      expect(property?.status).toBe('pass');
      expect(property?.notes).toEqual(['inputs covered: input 0–16 code points']);
      const numeric = await loadSuite(
        await root.file(
          'numbers.suite.toml',
          `[suite]
type = "${TYPE}"
version = "1.0.0"
[[functions]]
name = "count_vowels"
args = [{ name = "n", type = "i64" }, { name = "s", type = "str" }]
returns = [{ name = "n", type = "i64" }, { name = "s", type = "str" }]
[[properties]]
function = "count_vowels"
check = "conforms"
runs = 100
max_length = 12
constraints = { n = { min = -5, max = 1000 } }
`,
        ),
      );
      if (numeric.kind !== 'ok') throw new Error(JSON.stringify(numeric.findings));
      const ran = await runSuite(numeric.suite, [good], { supervisor, seed: 1 });
      const notes = ran.plugins[0]?.checks.find((c) => c.kind === 'property')?.notes ?? [];
      expect(notes).toContain('inputs covered: n -5…1000, s 0–12 code points');
    } finally {
      await good.dispose();
    }
  }, 60_000);
});
