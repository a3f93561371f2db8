import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CoverageHandle } from './_internals/coverage/coverage-handle.js';
import { CoverageUnavailable, instrumentWasm, type CoverageLayout } from './_internals/coverage/instrument-wasm.js';
import { loadBinaryen, type Binaryen } from './_internals/coverage/load-binaryen.js';
import { mapGuestLines } from './_internals/coverage/map-guest-lines.js';
import { guestTotals, type GuestCoverage, type GuestFunction, type GuestPluginCoverage } from '../model/guest-coverage.js';
import type { PluginSpec } from './plugin-spec.js';

interface Instrumented {
  readonly key: string;
  readonly wasm: SharedArrayBuffer;
  readonly layout: CoverageLayout;
  readonly firsts: SharedArrayBuffer;
}

type Prepared =
  | { readonly status: 'ok'; readonly sha256: string; readonly instrumented: Instrumented; readonly handle: CoverageHandle }
  | { readonly status: 'coverage-unavailable'; readonly sha256: string; readonly reason: string };

interface Tracked {
  readonly keg: string;
  readonly plugin: string;
  prepared?: Promise<Prepared>;
  ready?: Prepared;
}

function shared(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

/**
 * Guest code coverage of a run, in the main thread: instruments each tracked
 * plugin's wasm once (binaryen, loaded once per process; modules cached by
 * hash), hands workers the instrumented module and shared counts through the
 * Supervisor, and turns the counts into GuestCoverage at the end.
 */
export class CoverageCollector {
  readonly #binaryen: Binaryen;
  readonly #byPath = new Map<string, Tracked>();
  static readonly #byHash = new Map<string, Promise<Instrumented | CoverageUnavailable>>();

  private constructor(binaryen: Binaryen) {
    this.#binaryen = binaryen;
  }

  /** Loads binaryen; rejects with a `toolchain-missing` KegcheckError when it is not installed. */
  static async create(): Promise<CoverageCollector> {
    return new CoverageCollector(await loadBinaryen());
  }

  /** Marks a plugin under test: only tracked wasm files are instrumented (never a reference keg). */
  track(wasmPath: string, label: { keg: string; plugin: string }): void {
    if (!this.#byPath.has(wasmPath)) this.#byPath.set(wasmPath, { ...label });
  }

  /** Instruments the spec's wasm if it is tracked and not done yet; never rejects. */
  async prepare(spec: PluginSpec): Promise<void> {
    const tracked = this.#byPath.get(spec.wasmPath);
    if (tracked === undefined || tracked.ready !== undefined) return;
    tracked.prepared ??= this.#prepare(spec.wasmPath).then((ready) => (tracked.ready = ready));
    await tracked.prepared;
  }

  /** Instruments every tracked plugin now, before any check runs, so no check's time holds it. */
  async prepareTracked(): Promise<void> {
    for (const wasmPath of this.#byPath.keys()) await this.prepare({ wasmPath, pluginDir: '', kegRoot: '' });
  }

  /** The handle a worker needs for this spec, once prepared; undefined runs it uninstrumented. */
  handleFor(spec: PluginSpec): CoverageHandle | undefined {
    const ready = this.#byPath.get(spec.wasmPath)?.ready;
    return ready?.status === 'ok' ? ready.handle : undefined;
  }

  async #prepare(wasmPath: string): Promise<Prepared> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(wasmPath);
    } catch (error) {
      return { status: 'coverage-unavailable', sha256: '', reason: `cannot read ${wasmPath}: ${error instanceof Error ? error.message : String(error)}` };
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let pending = CoverageCollector.#byHash.get(sha256);
    if (pending === undefined) {
      pending = Promise.resolve().then(async () => {
        try {
          const { wasm, layout } = instrumentWasm(this.#binaryen, bytes);
          // What V8 cannot compile must not reach a worker, where it would
          // become the plugin's verdict (init-failed) instead of coverage-unavailable.
          // V8 also keeps the compiled module by its bytes, so workers find it compiled.
          try {
            await WebAssembly.compile(wasm);
          } catch (error) {
            throw new CoverageUnavailable(`the instrumented module does not compile: ${error instanceof Error ? error.message : String(error)}`);
          }
          const firsts = new SharedArrayBuffer(4 * (layout.functions.length + 1));
          const view = new Int32Array(firsts);
          layout.functions.forEach((fn, i) => (view[i] = fn.first));
          view[layout.functions.length] = layout.counters;
          return { key: sha256, wasm: shared(wasm), layout, firsts };
        } catch (error) {
          return error instanceof CoverageUnavailable ? error : new CoverageUnavailable(error instanceof Error ? error.message : String(error));
        }
      });
      CoverageCollector.#byHash.set(sha256, pending);
    }
    const instrumented = await pending;
    if (instrumented instanceof CoverageUnavailable) return { status: 'coverage-unavailable', sha256, reason: instrumented.message };
    const handle: CoverageHandle = {
      key: instrumented.key,
      wasm: instrumented.wasm,
      counts: new SharedArrayBuffer(4 * Math.max(1, instrumented.layout.counters)),
      firsts: instrumented.firsts,
    };
    return { status: 'ok', sha256, instrumented, handle };
  }

  /** The coverage so far of every tracked plugin that ran (in the order they were tracked). */
  async collect(): Promise<GuestCoverage> {
    const plugins: GuestPluginCoverage[] = [];
    for (const [wasm, tracked] of this.#byPath) {
      const ready = tracked.ready;
      if (ready === undefined) continue;
      const label = { keg: tracked.keg, plugin: tracked.plugin, wasm, wasmSha256: ready.sha256 };
      if (ready.status !== 'ok') {
        plugins.push({ ...label, status: 'coverage-unavailable', reason: ready.reason });
        continue;
      }
      const counts = new Uint32Array(ready.handle.counts);
      const { layout } = ready.instrumented;
      const functions: GuestFunction[] = layout.functions.map((fn) => ({
        name: fn.name,
        index: fn.index,
        hits: counts[fn.first] ?? 0,
        blocks: fn.blocks.map((kind, i) => ({ kind, hits: counts[fn.first + 1 + i] ?? 0 })),
      }));
      const mapped = await mapGuestLines(wasm, functions, new Map(layout.functions.map((fn) => [fn.index, fn])));
      plugins.push({
        ...label,
        status: 'ok',
        functions: mapped.functions,
        totals: guestTotals(mapped.functions),
        lineSource: mapped.lineSource,
        ...(mapped.warnings.length === 0 ? {} : { warnings: mapped.warnings }),
      });
    }
    return { plugins };
  }
}
