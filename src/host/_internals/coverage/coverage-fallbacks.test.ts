// What --coverage does when something is missing or broken: no binaryen, a
// module the instrumenter does not handle, DWARF or source maps that do not parse.
import { copyFile, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestCoverageVerdict } from '../../../report/guest-coverage-verdict.js';
import { CoverageCollector } from '../../coverage-collector.js';
import type { GuestFunction } from '../../../model/guest-coverage.js';
import { Supervisor } from '../../supervisor.js';
import { parseDebugLine } from './dwarf-lines.js';
import { importBinaryen } from './load-binaryen.js';
import { mapGuestLines } from './map-guest-lines.js';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/coverage/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-cov-fallback-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('coverage fallbacks', () => {
  it('names the package to add when binaryen is not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package 'binaryen'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importBinaryen(() => Promise.reject(missing))).rejects.toMatchObject({ code: 'toolchain-missing', message: expect.stringContaining("'binaryen'") as unknown });
  });

  it('reports a module it cannot instrument as coverage-unavailable and runs it uninstrumented', async () => {
    // Legacy exception handling (try/catch), which V8 runs and the instrumenter does not walk.
    const wabt = await initWabt();
    const wat = `(module
      (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
      (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
      (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
      (memory (export "memory") 1)
      (tag $oops)
      (func (export "run") (result i32) (local $p i64)
        (local.set $p (call $alloc (i64.const 1)))
        (try (do (throw $oops)) (catch $oops (call $store_u8 (local.get $p) (i32.const 99))))
        (call $output_set (local.get $p) (i64.const 1))
        (i32.const 0)))`;
    const bytes = wabt.parseWat('eh.wat', wat, { exceptions: true }).toBinary({}).buffer;
    const pluginDir = join(dir, 'eh', 'plugins', 'eh');
    await mkdir(pluginDir, { recursive: true });
    const spec = { wasmPath: join(pluginDir, 'plugin.wasm'), pluginDir, kegRoot: join(dir, 'eh') };
    await writeFile(spec.wasmPath, bytes);
    const collector = await CoverageCollector.create();
    collector.track(spec.wasmPath, { keg: 'eh', plugin: 'eh' });
    const supervisor = new Supervisor({ workers: 1, coverage: collector });
    try {
      const [result] = await supervisor.run(spec, [{ fn: 'run', input: new Uint8Array(0) }]);
      expect(result?.kind === 'ok' ? Buffer.from(result.output).toString() : result?.kind).toBe('c');
    } finally {
      await supervisor.close();
    }
    const coverage = await collector.collect();
    expect(coverage.plugins).toMatchObject([{ keg: 'eh', plugin: 'eh', status: 'coverage-unavailable', reason: expect.stringContaining('Try') as unknown }]);
    const verdict = guestCoverageVerdict(coverage, undefined);
    expect(verdict.messages[0]).toMatch(/^eh:eh: coverage-unavailable \(.*Try.*\); it ran uninstrumented$/);
  });

  const functions: GuestFunction[] = [{ name: 'classify', index: 5, hits: 1, blocks: [] }];

  it('falls back to function records with a warning when the source map does not parse', async () => {
    const pluginDir = join(dir, 'badmap');
    await mkdir(pluginDir, { recursive: true });
    const wasm = join(pluginDir, 'plugin.debug.wasm');
    await copyFile(join(FIXTURES, 'cov_as/plugins/branchy/plugin.debug.wasm'), wasm);
    await writeFile(join(pluginDir, 'plugin.debug.wasm.map'), '{"version":3,"mappings":');
    const mapped = await mapGuestLines(wasm, functions);
    expect(mapped.lineSource).toBe('none');
    expect(mapped.functions).toEqual(functions);
    expect(mapped.warnings).toEqual([expect.stringContaining('the source map of') as unknown]);
  });

  it('falls back with a warning when .debug_line does not parse', async () => {
    const good = await readFile(join(FIXTURES, 'cov_rust/plugins/branchy/plugin.debug.wasm'));
    const at = good.indexOf(Buffer.from('.debug_line'));
    const broken = Buffer.from(good);
    // The first unit's version field: 0x7777 is no DWARF version.
    broken.writeUInt16LE(0x7777, at + '.debug_line'.length + 4);
    const wasm = join(dir, 'broken-dwarf.wasm');
    await writeFile(wasm, broken);
    const mapped = await mapGuestLines(wasm, functions);
    expect(mapped.lineSource).toBe('none');
    expect(mapped.warnings).toEqual([expect.stringMatching(/DWARF line information .* could not be read \(.debug_line version 30583 is not supported\)/) as unknown]);
    expect(() => parseDebugLine(new Uint8Array([1, 0, 0]))).toThrow(/ends early/);
  });
});
