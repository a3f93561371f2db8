// Suites the bench runs, written into its temp folder. Kept small and fixed so
// figures from different days measure the same work.

/** Cases of the cold-start suite; the raw baseline makes exactly these calls. */
export const COLD_START_CASES: readonly { readonly input: string; readonly count: number }[] = [
  { input: '', count: 0 },
  { input: 'hello', count: 2 },
  { input: 'rhythm: 42 myths, 7 crypts!', count: 0 },
  { input: 'AEIOU', count: 5 },
  { input: 'Programming In WebAssembly', count: 7 },
  { input: 'héllo wörld', count: 1 },
];

const VOWEL_HEADER = `[suite]
type = "kegs.testing.vowelcounter"
version = "1.0.0"

[[functions]]
name = "count_vowels"
input = "string"
output = "json"
`;

function vowelCases(): string {
  return COLD_START_CASES.map(
    (c, i) => `\n[[cases]]\nname = "case ${i}"\nfunction = "count_vowels"\ninput = ${JSON.stringify(c.input)}\nexpect = { json = { count = ${c.count} } }\n`,
  ).join('');
}

/** One function, six golden cases, no properties: the smallest real suite. */
export function coldStartSuite(): string {
  return VOWEL_HEADER + vowelCases();
}

/** The same cases plus properties, so each keg carries enough work to spread over workers. */
export function parallelSuite(runs: number): string {
  return (
    VOWEL_HEADER +
    vowelCases() +
    `\n[[properties]]\nname = "any text gives a count"\nfunction = "count_vowels"\ncheck = "conforms"\nruns = ${runs}\nmax_length = 64\n` +
    `\n[[properties]]\nname = "same text, same count"\nfunction = "count_vowels"\ncheck = "deterministic"\nruns = ${Math.ceil(runs / 2)}\nmax_length = 64\n`
  );
}

/** Longest str / bin the roundtrip property and the raw loop send, so both make calls of the same size. */
export const ROUNDTRIP_MAX_LENGTH = 32;

/**
 * A single roundtrip property over the packed echo export of the packed
 * fixture keg. The lengths are capped explicitly: without a cap the generator
 * also sends 64 KiB buffers, which the raw loop does not.
 */
export function roundtripSuite(runs: number): string {
  const fields = '[{ name = "a", type = "i64" }, { name = "b", type = "f32" }, { name = "c", type = "str" }, { name = "d", type = "bin" }]';
  return `[suite]
type = "kegs.testing.packed_echo"
version = "1.0.0"

[[functions]]
name = "echo"
args = ${fields}
returns = ${fields}

[[properties]]
name = "echo round-trips"
function = "echo"
check = "roundtrip"
runs = ${runs}
constraints = { c = { max_length = ${ROUNDTRIP_MAX_LENGTH} }, d = { max_length = ${ROUNDTRIP_MAX_LENGTH} } }
`;
}
