// The coverage fixtures (fixtures/coverage): the same plugin in WAT,
// AssemblyScript and Rust, with a branch no input here reaches (more than
// 65536 bytes) and a function never called. Their coverage is asserted
// exactly, from the committed debug builds.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLcov } from '../report/_internals/parse-lcov.js';
import { renderLcov } from '../report/lcov-writer.js';
import { text } from './_internals/fixture-specs.js';
import { CoverageCollector } from './coverage-collector.js';
import type { GuestPluginCoverage } from '../model/guest-coverage.js';
import type { PluginSpec } from './plugin-spec.js';
import { Supervisor } from './supervisor.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/coverage/', import.meta.url));

function spec(lang: string): PluginSpec {
  const kegRoot = join(FIXTURES, `cov_${lang}`);
  const pluginDir = join(kegRoot, 'plugins', 'branchy');
  return { wasmPath: join(pluginDir, 'plugin.debug.wasm'), pluginDir, kegRoot };
}

async function coverageOf(lang: string): Promise<Extract<GuestPluginCoverage, { status: 'ok' }>> {
  const collector = await CoverageCollector.create();
  const s = spec(lang);
  collector.track(s.wasmPath, { keg: `cov_${lang}`, plugin: 'branchy' });
  const sup = new Supervisor({ workers: 1, coverage: collector });
  try {
    const results = await sup.run(s, [
      { fn: 'classify', input: new Uint8Array(0) },
      { fn: 'classify', input: text('abc') },
    ]);
    expect(results.map((r) => (r.kind === 'ok' ? Buffer.from(r.output).toString() : r.kind))).toEqual(['e', 's']);
  } finally {
    await sup.close();
  }
  const [plugin] = (await collector.collect()).plugins;
  if (plugin?.status !== 'ok') throw new Error(`coverage unavailable: ${JSON.stringify(plugin)}`);
  return plugin;
}

const summary = (p: Extract<GuestPluginCoverage, { status: 'ok' }>) =>
  p.functions.map((f) => ({ name: f.name, hits: f.hits, blocks: f.blocks.map((b) => `${b.kind}:${b.hits}`) }));

describe('coverage of the branchy fixtures', () => {
  it('WAT: names from the name section, per function and block records', async () => {
    const p = await coverageOf('wat');
    expect(summary(p)).toEqual([
      { name: 'say', hits: 2, blocks: [] },
      // if empty (then: 1, else: 1), inside the else: if huge (then: 0), else 1.
      { name: 'classify', hits: 2, blocks: ['if-then:1', 'if-else:1', 'if-then:0', 'if-else:1'] },
      { name: 'unused', hits: 0, blocks: [] },
    ]);
    expect(p.totals).toEqual({ functions: 3, functionsHit: 2, blocks: 7, blocksHit: 5 });
    expect(p.lineSource).toBe('none');
    const [record] = parseLcov(renderLcov({ plugins: [p] }));
    expect(record?.file).toBe(spec('wat').wasmPath);
    expect([...(record?.functions ?? new Map())].map(([name, f]) => [name, f.line, f.hits])).toEqual([
      ['cov_wat:branchy:say', 1, 2],
      ['cov_wat:branchy:classify', 2, 2],
      ['cov_wat:branchy:unused', 3, 0],
    ]);
    expect(record?.branches.map((b) => b.taken)).toEqual([1, 1, 0, 1]);
    expect(record?.summary).toEqual({ FNF: 3, FNH: 2, BRF: 4, BRH: 3, LF: 0, LH: 0 });
  });

  it('AssemblyScript: lines from the source map asc wrote', async () => {
    const p = await coverageOf('as');
    const prefix = 'fixtures/coverage/cov_as/plugins/branchy/src/assemblyscript/index/';
    expect(summary(p)).toEqual([
      { name: `${prefix}say`, hits: 2, blocks: [] },
      { name: `${prefix}classify`, hits: 2, blocks: ['if-then:1', 'if-else:1', 'if-then:0', 'if-else:1'] },
      { name: `${prefix}unused`, hits: 0, blocks: [] },
    ]);
    expect(p.lineSource).toBe('source-map');
    const source = join(spec('as').pluginDir, 'src', 'assemblyscript', 'index.ts');
    expect(p.functions.map((f) => [f.file, f.line])).toEqual([
      [source, 13],
      [source, 19],
      [source, 31],
    ]);
    const [record] = parseLcov(renderLcov({ plugins: [p] }));
    expect(record?.file).toBe(source);
    // Each block starts at a line: the arms of `if (n == 0)`, then of `else if (n > 65536)`.
    expect(p.functions[1]?.blocks.map((b) => [b.kind, b.line, b.hits])).toEqual([
      ['if-then', 21, 1],
      ['if-else', 22, 1],
      ['if-then', 23, 0],
      ['if-else', 25, 1],
    ]);
    // First lines of functions, the lines blocks start at, every line of the function never run.
    expect([...(record?.lines ?? new Map())].sort((a, b) => a[0] - b[0])).toEqual([
      [13, 2],
      [19, 2],
      [21, 1],
      [22, 1],
      [23, 0],
      [25, 1],
      [31, 0],
      [32, 0],
    ]);
    expect(record?.summary).toEqual({ FNF: 3, FNH: 2, BRF: 4, BRH: 3, LF: 8, LH: 5 });
  });

  it('Rust: lines from DWARF .debug_line, demangled names', async () => {
    const p = await coverageOf('rust');
    const byName = new Map(p.functions.map((f) => [f.name, f]));
    expect(byName.get('branchy::say')?.hits).toBe(2);
    expect(byName.get('classify')?.hits).toBe(2);
    expect(byName.get('unused')?.hits).toBe(0);
    expect(p.lineSource).toBe('dwarf');
    const lib = (f: string | undefined) => f?.endsWith('cov_rust/plugins/branchy/src/rust/branchy/src/lib.rs') ?? false;
    expect(lib(byName.get('classify')?.file)).toBe(true);
    expect([byName.get('branchy::say')?.line, byName.get('classify')?.line, byName.get('unused')?.line]).toEqual([12, 21, 34]);
    // At -O0 rustc branches with br_if out of labelled blocks: the code after
    // the empty test (1 of 2 calls), the huge arm (never), the join (both).
    expect(byName.get('classify')?.blocks.map((b) => `${b.kind}:${b.hits}@${b.line}`)).toEqual(['after-block:1@25', 'after-block:0@26', 'after-block:2@31']);
    const records = parseLcov(renderLcov({ plugins: [p] }));
    const mine = records.find((r) => lib(r.file));
    expect(mine?.functions.get('unused')).toEqual({ line: 34, hits: 0 });
    expect(mine?.lines.get(35)).toBe(0);
    // say(b'h'), the unreached arm, is a line never run.
    expect(mine?.lines.get(26)).toBe(0);
    expect(mine?.lines.get(21)).toBe(2);
  });
});
