import { KegcheckError } from '../kegcheck-error.js';
import type { Keg, KegPlugin } from '../keg/keg.js';
import { PackageStore, type PackageStoreOptions } from '../keg/package-store.js';
import { unresolvedImports } from './check-imports.js';
import { PluginCallError } from './plugin-call-error.js';
import type { HostFunctionMock, PluginSpec } from './plugin-spec.js';
import { Supervisor, type PluginLease } from './supervisor.js';

/** Options of PluginLoader.load: Extism config plus the host's limits. */
export interface PluginLoaderOptions {
  /** Extism config, the seed's second constructor argument. */
  config?: Record<string, string>;
  /** Where `package` names are looked up; default PackageStore.fromEnvironment(storeOptions). */
  store?: PackageStore;
  storeOptions?: PackageStoreOptions;
  /** Share a supervisor between loaders; by default each loader owns a one-worker supervisor. */
  supervisor?: Supervisor;
  /** Per-call deadline in ms (default 5000). */
  timeoutMs?: number;
  wasi?: boolean;
  hostFunctions?: HostFunctionMock[];
  maxMemoryPages?: number;
  maxOutputBytes?: number;
  maxHeapMb?: number;
  /** The Extism manifest options of docs/host.md, as PluginSpec takes them. */
  manifest?: Pick<PluginSpec, 'allowedHosts' | 'httpMocks' | 'httpResponseHeaders' | 'maxHttpResponseBytes' | 'maxVarBytes' | 'allowedPaths'>;
}

/** What PluginLoader.load hands a subclass constructor. */
export interface PluginLoaderInit {
  readonly name: string;
  readonly keg: Keg;
  readonly plugin: KegPlugin;
  readonly spec: PluginSpec;
  readonly supervisor: Supervisor;
  readonly ownsSupervisor: boolean;
  readonly timeoutMs: number | undefined;
}

type LoaderClass<T extends PluginLoader> = { new (init: PluginLoaderInit): T; readonly pluginType: string; readonly name: string };

/**
 * Base class for typed access to one plugin type, as in the seed:
 *
 * ```ts
 * class VowelCountPlugin extends PluginLoader {
 *   static override readonly pluginType = 'kegs.testing.vowelcounter';
 *   async countVowels(text: string): Promise<number> {
 *     return JSON.parse(new TextDecoder().decode(await this.call('count_vowels', text))).count;
 *   }
 * }
 * const plugin = await VowelCountPlugin.load('path/to/keg:count_vowels', { config: {} });
 * ```
 *
 * `load` resolves `package:plugin` through a PackageStore, refuses a plugin
 * of another type ("Plugin type mismatch") or one whose imports nothing
 * provides. Calls run supervised, in a worker thread reserved for this
 * loader, under a deadline, on one instance that lives as long as the
 * loader (as in the reference host): `plugin_init` runs once when it is
 * created, before the first call. A call that times out or crashes loses
 * the instance; the next call starts a new one.
 */
export class PluginLoader {
  /** The plugin type this loader accepts; subclasses must set it. */
  static readonly pluginType: string = '';

  /** The `package:plugin` name this loader was loaded with. */
  readonly name: string;
  readonly keg: Keg;
  readonly plugin: KegPlugin;
  readonly #supervisor: Supervisor;
  readonly #ownsSupervisor: boolean;
  readonly #timeoutMs: number | undefined;
  readonly #lease: PluginLease;

  constructor(init: PluginLoaderInit) {
    this.name = init.name;
    this.keg = init.keg;
    this.plugin = init.plugin;
    this.#supervisor = init.supervisor;
    this.#ownsSupervisor = init.ownsSupervisor;
    this.#timeoutMs = init.timeoutMs;
    this.#lease = init.supervisor.lease(init.spec);
  }

  /** Loads `package:plugin` (the package may be a folder or `.keg` path) as this loader's type. */
  static async load<T extends PluginLoader>(this: LoaderClass<T>, name: string, options: PluginLoaderOptions = {}): Promise<T> {
    if (this.pluginType === '') {
      throw new KegcheckError('plugin-type-missing', `${this.name} does not set static pluginType`);
    }
    const store = options.store ?? PackageStore.fromEnvironment(options.storeOptions ?? {});
    const { keg, plugin } = await store.resolve(name);
    try {
      if (plugin.type !== this.pluginType) {
        throw new KegcheckError(
          'plugin-type-mismatch',
          `Plugin type mismatch: ${name} is of type "${plugin.type}", but ${this.name} loads "${this.pluginType}"`,
          { location: { file: keg.manifestFile } },
        );
      }
      if (plugin.wasmPath === undefined) {
        throw new KegcheckError('plugin-wasm-missing', `${name} has no plugin.wasm in ${plugin.dir}`, { location: { file: plugin.dir } });
      }
      const spec: PluginSpec = {
        wasmPath: plugin.wasmPath,
        pluginDir: plugin.dir,
        kegRoot: keg.root,
        ...(options.config === undefined ? {} : { config: options.config }),
        ...(options.wasi === undefined ? {} : { wasi: options.wasi }),
        ...(options.hostFunctions === undefined ? {} : { hostFunctions: options.hostFunctions }),
        ...(options.maxMemoryPages === undefined ? {} : { maxMemoryPages: options.maxMemoryPages }),
        ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
        ...(options.maxHeapMb === undefined ? {} : { maxHeapMb: options.maxHeapMb }),
        ...options.manifest,
      };
      const missing = unresolvedImports(plugin.imports, spec);
      if (missing.length > 0) {
        throw new KegcheckError('link-error', `${name} imports what the kegs host does not provide: ${missing.join(', ')}`, {
          location: { file: plugin.wasmPath },
        });
      }
      return new this({
        name,
        keg,
        plugin,
        spec,
        supervisor: options.supervisor ?? new Supervisor({ workers: 1 }),
        ownsSupervisor: options.supervisor === undefined,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      await keg.dispose();
      throw error;
    }
  }

  /** Calls an export with raw input; throws PluginCallError unless the call ends `ok`. */
  async call(fn: string, input: string | Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    const [result] = await this.#lease.run([
      { fn, input: bytes, ...(this.#timeoutMs === undefined ? {} : { timeoutMs: this.#timeoutMs }) },
    ]);
    if (result === undefined) throw new KegcheckError('internal', 'the supervisor returned no result');
    if (result.kind !== 'ok') throw new PluginCallError(this.name, fn, result);
    return result.output;
  }

  /** Stops the loader's own workers and removes a `.keg`'s extracted copy. */
  async close(): Promise<void> {
    await this.#lease.close();
    if (this.#ownsSupervisor) await this.#supervisor.close();
    await this.keg.dispose();
  }
}
