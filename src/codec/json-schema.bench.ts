// node --import tsx src/codec/json-schema.bench.ts: inputs per second from a
// schema-driven arbitrary against the plain JSON generator (fc.jsonValue(),
// what a `json` function without input_schema gets), both measured in this
// run, rounds alternating so drift on a shared machine hits both. An input is
// one generated value encoded as the UTF-8 JSON text a plugin would receive.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { valuesArbitrary } from './arbitraries.js';
import { encode } from './encode.js';
import { jsonSchemaArbitrary } from './json-schema-arbitrary.js';
import { invalidInputArbitrary } from './json-schema-mutations.js';
import { raw } from './signature.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const PER_ROUND = Number(process.env['BENCH_VALUES'] ?? 2000);
const CALC = JSON.parse(readFileSync(fileURLToPath(new URL('../../conformance/schemas/calc.input.json', import.meta.url)), 'utf8')) as object;
const NESTED = {
  type: 'object',
  required: ['id', 'items'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    when: { type: 'string', format: 'date-time' },
    items: { type: 'array', maxItems: 6, items: { $ref: '#/$defs/item' } },
    mode: { enum: ['fast', 'slow', 'auto'] },
  },
  $defs: { item: { type: 'object', required: ['sku', 'qty'], additionalProperties: false, properties: { sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' }, qty: { type: 'integer', minimum: 1, maximum: 99 } } } },
};
const json = raw('json');

function built(schema: object): ReturnType<typeof jsonSchemaArbitrary> & { ok: true } {
  const r = jsonSchemaArbitrary(schema);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

// Inputs per second: draw PER_ROUND values from the seed and encode each.
function rate(arbitrary: fc.Arbitrary<unknown>, seed: number, toBytes: (v: unknown) => Uint8Array): number {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (const v of fc.sample(arbitrary, { seed, numRuns: PER_ROUND })) bytes += toBytes(v).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (bytes < 0) throw new Error('unreachable');
  return PER_ROUND / seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const plain = valuesArbitrary(json);
const calc = built(CALC);
const nested = built(NESTED);
const candidates: [string, fc.Arbitrary<unknown>, (v: unknown) => Uint8Array][] = [
  ['schema: calc input (oneOf, enum, $ref)', calc.arbitrary, (v) => encode(json, v)],
  ['schema: nested (uuid, date-time, pattern, $ref items)', nested.arbitrary, (v) => encode(json, v)],
  ['rejects_invalid: mutated calc inputs', invalidInputArbitrary(calc.arbitrary, calc.compiled), (v) => (v as { bytes: Uint8Array }).bytes],
];
// Warm-up: JIT and fast-check's lazy setup, outside the measured rounds.
rate(plain, 1, (v) => encode(json, v));
for (const [, arb, enc] of candidates) rate(arb, 1, enc);

const baseline: number[] = [];
const measured = candidates.map(() => [] as number[]);
const ratios = candidates.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  const b = rate(plain, round + 2, (v) => encode(json, v));
  baseline.push(b);
  candidates.forEach(([, arb, enc], i) => {
    const c = rate(arb, round + 2, enc);
    measured[i]!.push(c);
    ratios[i]!.push(c / b);
  });
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`${ROUNDS} rounds × ${PER_ROUND} inputs, medians; ratio = per-round candidate / plain JSON generator`);
console.log(`  plain JSON generator (fc.jsonValue)                     ${fmt(median(baseline))} inputs/s`);
candidates.forEach(([name], i) => {
  console.log(`  ${name.padEnd(56)}${fmt(median(measured[i]!))} inputs/s  ×${median(ratios[i]!).toFixed(2)}`);
});
