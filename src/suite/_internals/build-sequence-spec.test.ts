import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../load-suite.js';
import { scratchRoot, type ScratchRoot } from '../__fixtures__/scratch-kegs.js';

let root: ScratchRoot;
beforeAll(async () => {
  root = await scratchRoot();
  await root.file('models/m.mjs', 'export function init() { return 0; }\n');
});
afterAll(async () => {
  await root.dispose();
});

const HEAD = `[suite]
type = "t"
version = "1.0.0"
[[functions]]
name = "add"
args = [{ name = "n", type = "i64" }]
returns = [{ name = "total", type = "i64" }]
[[functions]]
name = "label"
input = "string"
output = "string"
`;

async function load(properties: string): Promise<Awaited<ReturnType<typeof loadSuite>>> {
  return loadSuite(await root.file(`s${Math.random().toString(36).slice(2)}.suite.toml`, HEAD + properties));
}

describe('model and isolated property keys', () => {
  it('reads model, functions, max_steps and per-argument limits across functions; function defaults to the first listed', async () => {
    const loaded = await load(`[[properties]]
check = "model"
model = "models/m.mjs"
functions = ["label", "add"]
max_steps = 7
max_length = 4
constraints = { n = { min = 0, max = 9 } }
`);
    if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
    const p = loaded.suite.properties[0];
    expect(p?.function).toBe('label');
    expect(p?.sequence).toMatchObject({ functions: ['label', 'add'], maxSteps: 7, constraints: { label: { input: { maxLength: 4 } }, add: { n: { min: 0n, max: 9n, maxLength: 4 } } } });
    expect(p?.sequence?.model).toMatch(/models\/m\.mjs$/);
  });

  it('defaults: every declared function for a model, 20 steps; the property\'s function for isolated', async () => {
    const loaded = await load(`[[properties]]
check = "model"
model = "models/m.mjs"
[[properties]]
function = "label"
check = "isolated"
`);
    if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings));
    expect(loaded.suite.properties.map((p) => [p.sequence?.functions, p.sequence?.maxSteps])).toEqual([
      [['add', 'label'], 20],
      [['label'], 20],
    ]);
  });

  it('reports a model without its module, a missing module file, an unknown function and an unknown argument', async () => {
    const loaded = await load(`[[properties]]
check = "model"
[[properties]]
check = "model"
model = "models/none.mjs"
[[properties]]
check = "model"
model = "models/m.mjs"
functions = ["add", "nope"]
[[properties]]
check = "isolated"
function = "label"
constraints = { zz = { max_length = 1 } }
`);
    expect(loaded.kind).not.toBe('ok');
    const codes = loaded.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.location?.keyPath]);
    expect(codes).toEqual([
      ['suite-property', 'properties[0]'],
      ['suite-oracle-missing', 'properties[1].model'],
      ['suite-unknown-function', 'properties[2].functions[1]'],
      ['suite-property', 'properties[3].constraints.zz'],
    ]);
  });

  it('warns about sequence keys on other checks, and requires function outside model', async () => {
    const warned = await load(`[[properties]]
function = "label"
check = "conforms"
max_steps = 3
`);
    expect(warned.findings.map((f) => [f.severity, f.location?.keyPath])).toEqual([['warning', 'properties[0].max_steps']]);
    const missing = await load(`[[properties]]
check = "isolated"
`);
    expect(missing.kind).not.toBe('ok');
    expect(missing.findings.some((f) => f.message.includes('function'))).toBe(true);
  });
});
