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

/** Input sizes of the CPU-bound suite. */
export const CPU_BOUND_MAX_LENGTH = 1024;
/**
 * Hashing rounds per call in the CPU-bound suite (the digest keg's `rounds`
 * config): about 8 ms of work per KiB of input, so a call's work dwarfs what
 * the main thread spends drawing and judging its input.
 */
export const CPU_BOUND_ROUNDS = 4096;

/** What the digest keg answers: 32-bit FNV-1a over the UTF-8 bytes repeated `rounds` times (conformance/oracles/digest.mjs). */
export function digestOf(text: string, rounds: number): { fnv1a: string; bytes: number } {
  const bytes = new TextEncoder().encode(text);
  let hash = 0x811c9dc5;
  for (let round = 0; round < rounds; round += 1) {
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return { fnv1a: hash.toString(16).padStart(8, '0'), bytes: bytes.length * rounds };
}

/**
 * The CPU-bound suite of the scaling figure: the digest type of
 * conformance/digest.suite.toml with golden cases and two properties over
 * large inputs, `CPU_BOUND_ROUNDS` rounds per call. No oracle property: an
 * oracle runs on the main thread and would measure the oracle, not how the
 * plugin's calls spread over workers.
 */
export function cpuBoundSuite(runs: number): string {
  const cases = ['', 'hello', 'The quick brown fox jumps over the lazy dog'].map((input) => ({ input, ...digestOf(input, CPU_BOUND_ROUNDS) }));
  return `[suite]
type = "kegs.testing.digest"
version = "1.0.0"

[host]
config = { rounds = "${CPU_BOUND_ROUNDS}" }

[[functions]]
name = "digest"
input = "string"
output = "json"
output_schema = { type = "object", required = ["fnv1a", "bytes"], properties = { fnv1a = { type = "string", pattern = "^[0-9a-f]{8}$" }, bytes = { type = "integer", minimum = 0 } } }
${cases.map((c, i) => `\n[[cases]]\nname = "case ${i}"\nfunction = "digest"\ninput = ${JSON.stringify(c.input)}\nexpect = { json = { fnv1a = "${c.fnv1a}", bytes = ${c.bytes} } }\n`).join('')}
[[properties]]
name = "large inputs get schema-conforming answers"
function = "digest"
check = "conforms"
runs = ${runs}
max_length = ${CPU_BOUND_MAX_LENGTH}

[[properties]]
name = "same input, same digest"
function = "digest"
check = "deterministic"
runs = ${Math.ceil(runs / 2)}
max_length = ${CPU_BOUND_MAX_LENGTH}
`;
}
