// Checks the shape of src/: stages import only stages below them, and no
// module imports itself back through others (no cycles). Run: node .ci/check-imports.mjs
// Tests and benches may reach anywhere; the barrel src/index.ts sits on top.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');
// Lowest first. `shared` is src/*.ts, src/_internals, src/schemas and src/model (the result
// model, the Reporter contract: what every stage reads): the neutral place.
const LAYERS = ['shared', 'codec', 'keg', 'host', 'suite', 'report', 'build', 'cli', 'vitest', 'index'];
const EXEMPT = /\.(test|bench)\.ts$|\/bench\/|\/__fixtures__\/|\/_internals\/(build-dist|test-global-setup|fixture-)/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function layerOf(file) {
  const rel = relative(SRC, file);
  if (rel === 'index.ts') return 'index';
  const first = rel.split('/')[0];
  return LAYERS.includes(first) ? first : 'shared';
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const files = walk(SRC).filter((f) => !EXEMPT.test(f));
const graph = new Map();
const problems = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const edges = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (/\.json$/.test(spec)) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    edges.push(target);
    const from = layerOf(file);
    const to = layerOf(target);
    if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
      problems.push(`upward import: ${relative(SRC, file)} (${from}) imports ${relative(SRC, target)} (${to})`);
    }
  }
  graph.set(file, edges);
}

// Tarjan's strongly connected components: every component with more than one module is a cycle.
let index = 0;
const stack = [];
const info = new Map();
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index += 1;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(relative(SRC, w));
    } while (w !== v);
    if (component.length > 1) problems.push(`import cycle: ${component.sort().join(' -> ')}`);
  }
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n\n${problems.length} import problem(s) in src/ (layers, lowest first: ${LAYERS.join(' < ')})\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`imports: ${files.length} modules, no cycle, no upward import (${LAYERS.join(' < ')})\n`);
}
