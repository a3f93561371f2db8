import { readFileSync, statSync } from 'node:fs';
import createPlugin, { type CallContext, type Plugin, type PluginOutput } from '@extism/extism';
import { isKegcheckError } from '../../kegcheck-error.js';
import { unresolvedImports } from '../check-imports.js';
import {
  DEFAULT_MAX_MEMORY_PAGES,
  DEFAULT_MAX_OUTPUT_BYTES,
  type CallFailureKind,
  type CallOutcome,
  type PluginSpec,
} from '../plugin-spec.js';
import { NO_CAPTURE, emptyCapture, noteLog, type CallCapture } from './call-capture.js';
import { CoverageCounters, type TakeCounter } from './coverage/coverage-counters.js';
import type { CoverageHandle } from './coverage/coverage-handle.js';
import { COVERAGE_TAKE_EXPORT } from './coverage/take-export.js';
import { exactBytes } from './exact-bytes.js';
import { AllowedPathCopies } from '../allowed-path-copies.js';
import { HostLimitError } from './host-limit-error.js';
import { HttpHost } from './http-host.js';
import { EXTISM_KERNEL, KEGS_USER } from './host-namespaces.js';
import { kegsHostFunctions } from './kegs-host-functions.js';
import { limitMemoryPages } from './limit-memory-pages.js';
import { mockHostFunctions } from './mock-host-functions.js';
import { lastReturnCode, resetReturnCode, withReturnCodeProbe } from './return-code-probe.js';
import { VarStore } from './var-store.js';

interface CompiledModule {
  readonly module: WebAssembly.Module;
  readonly exports: ReadonlySet<string>;
  readonly imports: readonly WebAssembly.ModuleImportDescriptor[];
}

type HostFunctionTable = Record<string, Record<string, (ctx: CallContext, ...args: never[]) => unknown>>;

const PAGE = 65536;
// Calls name their module: given a bare function name, 1.0.3 lists the
// module's exports (WebAssembly.Module.exports) on every call to find it.
// A manifest that is a bare WebAssembly.Module never touches the global
// Response (an `instanceof` on any other manifest loads undici, ~20 ms of CPU
// per worker thread); the SDK then names the module by its index.
const MODULE_NAME = '0';
// Given, the SDK never reads the global fetch (which would load undici too);
// kegcheck answers http_request itself, so this is never called for a request.
const lazyFetch: typeof fetch = (input, init) => fetch(input, init);
// @extism/extism 1.0.3 addresses blocks as index << 48 in an i64, so index
// 32768 turns negative and breaks; it never frees blocks of a reused
// instance. reset() drops them (and Extism vars with them): done when the
// blocks counted (allocs and inputs) near the limit, or every RESET_EVERY
// calls for plugins that make blocks some other way (config_get, host
// functions).
const RESET_EVERY = 6000;
const RESET_AT_BLOCKS = 24_000;
// Compiled once per wasm file (and cap) per thread, so a fresh instance costs an instantiate only.
// Least recently used first (a Map keeps insertion order; a hit moves to the end), evicted past a
// budget of wasm bytes: a run over thousands of kegs must not keep every module it ever compiled.
const moduleCache = new Map<string, { compiled: CompiledModule; bytes: number }>();
let moduleCacheBudget = 64 * 1024 * 1024;
let moduleCacheBytes = 0;

function remember(key: string, compiled: CompiledModule, bytes: number): void {
  moduleCache.set(key, { compiled, bytes });
  moduleCacheBytes += bytes;
  for (const [oldKey, entry] of moduleCache) {
    // The module just added stays, however large: the call in progress needs it.
    if (moduleCacheBytes <= moduleCacheBudget || oldKey === key) break;
    moduleCache.delete(oldKey);
    moduleCacheBytes -= entry.bytes;
  }
}

/** Sets this thread's budget of cached wasm bytes (default 64 MiB) and returns the previous one. */
export function setModuleCacheBudget(bytes: number): number {
  const previous = moduleCacheBudget;
  moduleCacheBudget = bytes;
  return previous;
}

/** How many compiled modules this thread keeps, and their wasm bytes (for tests and benches). */
export function moduleCacheStats(): { modules: number; bytes: number } {
  return { modules: moduleCache.size, bytes: moduleCacheBytes };
}

async function compile(wasmPath: string, maxPages: number, coverage: CoverageHandle | undefined): Promise<CompiledModule> {
  let key: string;
  if (coverage === undefined) {
    // Synchronous on purpose: this thread does nothing else meanwhile, and an
    // async stat costs a thread-pool round trip on every batch.
    const info = statSync(wasmPath);
    key = `${wasmPath}\0${info.mtimeMs}\0${info.size}\0${maxPages}`;
  } else {
    key = `coverage:${coverage.key}\0${maxPages}`;
  }
  const cached = moduleCache.get(key);
  if (cached !== undefined) {
    moduleCache.delete(key);
    moduleCache.set(key, cached);
    return cached.compiled;
  }
  const bytes = coverage === undefined ? readFileSync(wasmPath) : new Uint8Array(coverage.wasm).slice();
  const capped = limitMemoryPages(bytes, maxPages);
  const module = await WebAssembly.compile(capped);
  const compiled: CompiledModule = {
    module,
    exports: new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name)),
    imports: WebAssembly.Module.imports(module),
  };
  remember(key, compiled, capped.byteLength);
  return compiled;
}

function failure(kind: CallFailureKind, message: string, exitCode?: number): CallOutcome {
  return exitCode === undefined ? { kind, message } : { kind, message, exitCode };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const PLUGIN_ERROR_PREFIX = 'Plugin-originated error: ';

/** What a call needs (a CallRequest or a batch's CallCursor). */
export interface SessionRequest {
  readonly fn: string;
  readonly input: Uint8Array;
  readonly config?: Record<string, string> | undefined;
  readonly fresh?: boolean | undefined;
}

export interface SessionCallResult {
  readonly outcome: CallOutcome;
  readonly capture: CallCapture;
}

/**
 * One plugin inside one thread: compiles (cached), instantiates through
 * @extism/extism with the kegs host functions, and turns every way a call
 * can end into a CallOutcome. Deadlines are the supervisor's business.
 */
export class PluginSession {
  readonly #spec: PluginSpec;
  readonly #maxPages: number;
  readonly #maxOutput: number;
  // Handed to the SDK by reference, so per-call config is a matter of rewriting it.
  readonly #config: Record<string, string> = {};
  #configOverridden = true;
  // Made on the first print, log or host call of a call: most calls make
  // none, and five objects per call show up in the hot path's GC.
  #capture: CallCapture | undefined;
  readonly #currentCapture = (): CallCapture => (this.#capture ??= emptyCapture());
  #allocated = 0;
  #compiled: CompiledModule | undefined;
  #loadFailure: CallOutcome | undefined;
  #mocks: Record<string, (ctx: CallContext, ...args: unknown[]) => unknown> = {};
  #plugin: Plugin | undefined;
  #memory: WebAssembly.Memory | undefined;
  #callsOnInstance = 0;
  // The hot path's call in flight, for #settle and #fail (one call at a time per session).
  #fn = '';
  #pagesBefore = 0;
  #targetName: [string, string] = [MODULE_NAME, ''];
  #blocks = 0;
  #input = new Uint8Array(0);
  #loggerCache: Console | undefined;
  #functionsCache: HostFunctionTable | undefined;
  readonly #coverage: CoverageHandle | undefined;
  #counters: CoverageCounters | undefined;
  #take: TakeCounter | undefined;
  #http: HttpHost | undefined;
  readonly #vars: VarStore;
  readonly #paths: AllowedPathCopies;

  private constructor(spec: PluginSpec, coverage: CoverageHandle | undefined) {
    this.#spec = spec;
    this.#coverage = coverage;
    this.#vars = new VarStore(spec.maxVarBytes);
    this.#paths = new AllowedPathCopies(spec.wasi === true ? spec.allowedPaths : undefined);
    this.#maxPages = spec.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES;
    this.#maxOutput = spec.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  }

  /**
   * The SDK's first createPlugin costs ~20 ms whatever the module (its own
   * code loading and warming up); a thread that does it on an empty module
   * while it waits for its first batch takes that off the first call.
   */
  static async warmUp(): Promise<void> {
    const empty = new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const plugin = await createPlugin(empty, { useWasi: false, enableWasiOutput: false, fetch: lazyFetch });
    await plugin.close();
  }

  /** Never throws: a plugin that cannot load yields its failure for every call. */
  static async open(spec: PluginSpec, coverage?: CoverageHandle): Promise<PluginSession> {
    const session = new PluginSession(spec, coverage);
    await session.#load();
    return session;
  }

  async #load(): Promise<void> {
    try {
      this.#compiled = await compile(this.#spec.wasmPath, this.#maxPages, this.#coverage);
      if (this.#coverage !== undefined) this.#counters = new CoverageCounters(this.#coverage);
    } catch (error) {
      if (isKegcheckError(error) && error.code === 'memory-limit') {
        this.#loadFailure = failure('memory-limit', error.message);
      } else {
        this.#loadFailure = failure('init-failed', `cannot load ${this.#spec.wasmPath}: ${messageOf(error)}`);
      }
      return;
    }
    const missing = unresolvedImports(this.#compiled.imports, this.#spec);
    if (missing.length > 0) {
      this.#loadFailure = failure('link-error', `the plugin imports what the kegs host does not provide: ${missing.join(', ')}`);
      return;
    }
    try {
      this.#http = new HttpHost(this.#spec);
    } catch (error) {
      this.#loadFailure = failure('init-failed', `cannot read an HTTP mock's body: ${messageOf(error)}`);
      return;
    }
    try {
      this.#mocks = await mockHostFunctions(this.#spec.hostFunctions ?? [], this.#currentCapture);
    } catch (error) {
      this.#loadFailure = failure('crash', messageOf(error));
    }
  }

  #log(level: string, text: string): void {
    noteLog(this.#currentCapture(), { level, text });
  }

  #functions(): HostFunctionTable {
    const kernel = {
      // Overrides the SDK's alloc (the SDK copies these over its own env), so a
      // plugin cannot make the host allocate without bound.
      alloc: (ctx: CallContext, size: bigint) => {
        const n = Number(size);
        if (n > this.#maxOutput) {
          throw new HostLimitError('output-limit', `the plugin asked the host for a ${n}-byte block; the output limit is ${this.#maxOutput} bytes`);
        }
        this.#allocated += n;
        if (this.#allocated > 4 * this.#maxOutput) {
          throw new HostLimitError('memory-limit', `host-side blocks of this call exceed ${4 * this.#maxOutput} bytes`);
        }
        this.#blocks += 1;
        return ctx.alloc(size);
      },
      log_trace: (ctx: CallContext, offset: bigint) => this.#log('trace', ctx.read(offset)?.text() ?? ''),
      // Extism's numbering: 0 trace … 4 error; kegcheck captures everything.
      get_log_level: () => 0,
      ...this.#vars.functions(),
      ...(this.#http ?? new HttpHost({})).functions(this.#currentCapture),
    };
    const host = kegsHostFunctions({
      pluginDir: this.#spec.pluginDir,
      kegRoot: this.#spec.kegRoot,
      maxOutputBytes: this.#maxOutput,
      capture: this.#currentCapture,
    });
    return { [EXTISM_KERNEL]: kernel, [KEGS_USER]: { ...host, ...this.#mocks } };
  }

  #logger(): Console {
    const sink = (level: string) => (...parts: unknown[]) => this.#log(level, parts.map(String).join(' '));
    return { trace: sink('trace'), debug: sink('debug'), info: sink('info'), log: sink('info'), warn: sink('warn'), error: sink('error') } as unknown as Console;
  }

  async #instantiate(module: WebAssembly.Module): Promise<CallOutcome | undefined> {
    await this.#dropInstance();
    this.#vars.clear();
    let allowedPaths: Record<string, string>;
    try {
      allowedPaths = this.#paths.fresh();
    } catch (error) {
      return failure('init-failed', `cannot copy allowed_paths: ${messageOf(error)}`);
    }
    let plugin: Plugin;
    let instance: WebAssembly.Instance | undefined;
    try {
      ({ value: plugin, instance } = await withReturnCodeProbe(() =>
        createPlugin(module, {
          fetch: lazyFetch,
          useWasi: this.#spec.wasi === true,
          enableWasiOutput: false,
          allowedPaths,
          allowedHosts: [],
          config: this.#config,
          logger: (this.#loggerCache ??= this.#logger()),
          functions: (this.#functionsCache ??= this.#functions()) as never,
        }),
      ));
    } catch (error) {
      if (error instanceof WebAssembly.LinkError) return failure('link-error', messageOf(error));
      return this.#classify(error, 'init-failed', 'instantiation failed: ');
    }
    this.#plugin = plugin;
    this.#callsOnInstance = 0;
    this.#blocks = 0;
    if (this.#counters !== undefined) this.#take = instance?.exports[COVERAGE_TAKE_EXPORT] as TakeCounter | undefined;
    const memory = instance?.exports['memory'];
    this.#memory = memory instanceof WebAssembly.Memory ? memory : undefined;
    if (this.#compiled?.exports.has('plugin_init') === true) {
      const init = await this.#invoke('plugin_init', new Uint8Array(0));
      if (init.kind !== 'ok') {
        await this.#dropInstance();
        return failure('init-failed', `plugin_init failed (${init.kind}): ${init.message}`, init.exitCode);
      }
    }
    return undefined;
  }

  #pages(): number {
    return this.#memory === undefined ? 0 : this.#memory.buffer.byteLength / PAGE;
  }

  #classify(error: unknown, fallback: CallFailureKind, prefix = '', pagesBefore = 0): CallOutcome {
    if (error instanceof HostLimitError) return failure(error.kind, error.message);
    const message = messageOf(error);
    if (message.startsWith(PLUGIN_ERROR_PREFIX)) return failure('plugin-error', message.slice(PLUGIN_ERROR_PREFIX.length));
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
      const pages = this.#pages();
      // memory.grow past the cap returns -1 and guests then trap; a trap right
      // after the memory climbed past half the cap is reported as the cap.
      if (pages > pagesBefore && pages * 2 > this.#maxPages) {
        return failure('memory-limit', `trapped (${message}) with linear memory at ${pages} of ${this.#maxPages} pages: memory.grow was refused at the cap`);
      }
      return failure(fallback === 'init-failed' ? 'init-failed' : 'trap', `${prefix}${message}`);
    }
    return failure(fallback, `${prefix}${message}`);
  }

  /** Whether #beforeInvoke will ask for a reset (without counting the call). */
  #resetDue(): boolean {
    return this.#blocks + 1 > RESET_AT_BLOCKS || this.#callsOnInstance + 1 >= RESET_EVERY;
  }

  /** True when the instance must be reset before the next call (see RESET_AT_BLOCKS). */
  #beforeInvoke(): boolean {
    this.#allocated = 0;
    resetReturnCode();
    this.#callsOnInstance += 1;
    this.#blocks += 1;
    if (this.#blocks > RESET_AT_BLOCKS || this.#callsOnInstance >= RESET_EVERY) {
      this.#callsOnInstance = 0;
      this.#blocks = 1;
      return true;
    }
    return false;
  }

  #afterInvoke(fn: string, output: { bytes(): Uint8Array } | null): CallOutcome {
    const code = lastReturnCode();
    if (code !== 0) return failure('exit-code', `${fn} returned ${code}`, code);
    const bytes = output === null ? new Uint8Array(0) : output.bytes();
    if (bytes.byteLength > this.#maxOutput) {
      return failure('output-limit', `output of ${bytes.byteLength} bytes exceeds the limit of ${this.#maxOutput} bytes`);
    }
    // A view of the SDK's block, not a copy: the caller copies it before the
    // next call on this instance (the worker into its result chunk).
    return { kind: 'ok', output: bytes };
  }

  async #invoke(fn: string, input: Uint8Array): Promise<CallOutcome> {
    const plugin = this.#plugin;
    if (plugin === undefined) return failure('crash', 'no plugin instance');
    if (this.#beforeInvoke()) await plugin.reset();
    const pagesBefore = this.#pages();
    try {
      return this.#afterInvoke(fn, await plugin.call([MODULE_NAME, fn], exactBytes(input)));
    } catch (error) {
      return this.#classify(error, 'trap', '', pagesBefore);
    }
  }

  #setConfig(extra: Record<string, string> | undefined): void {
    // Most calls carry no config of their own: skip the rewrite when nothing changes.
    if (extra === undefined && !this.#configOverridden) return;
    for (const key of Object.keys(this.#config)) delete this.#config[key];
    Object.assign(this.#config, this.#spec.config, extra);
    this.#configOverridden = extra !== undefined;
  }

  /**
   * Runs one call; `fresh: false` reuses the previous call's instance when
   * there is one. An ok output is a view that the next call on this session
   * may reuse or overwrite: copy it before calling again.
   */
  async call(request: SessionRequest): Promise<SessionCallResult> {
    const outcome = await this.invoke(request);
    return { outcome, capture: this.capture };
  }

  /**
   * What the plugin printed, logged, read or called during the last call
   * (NO_CAPTURE when nothing): read it before the next call.
   */
  get capture(): CallCapture {
    return this.#capture ?? NO_CAPTURE;
  }

  /**
   * As call(), without the object that pairs the outcome with its capture
   * (read `capture` afterwards): the form of the hot loops, which run it once per call.
   */
  invoke(request: SessionRequest): Promise<CallOutcome> {
    const plugin = this.#plugin;
    // The hot path, a step on the kept instance with nothing to change
    // first: no async layer of its own and no object per call (measured:
    // the async function and its awaits were most of the session's cost).
    if (request.fresh === false && plugin !== undefined && request.config === undefined && !this.#configOverridden && !this.#resetDue() && this.#compiled?.exports.has(request.fn) === true) {
      this.#capture = undefined;
      this.#beforeInvoke();
      this.#pagesBefore = this.#pages();
      this.#fn = request.fn;
      return plugin.call(this.#target(request.fn), this.#ownInput(request.input)).then(this.#settle, this.#fail);
    }
    return this.#invokeAny(request);
  }

  readonly #settle = (output: PluginOutput | null): CallOutcome => this.#afterInvoke(this.#fn, output);
  readonly #fail = (error: unknown): CallOutcome => this.#classify(error, 'trap', '', this.#pagesBefore);

  /** The SDK's [module, function] name of `fn`, kept while calls go to one function. */
  #target(fn: string): [string, string] {
    if (this.#targetName[1] !== fn) this.#targetName = [MODULE_NAME, fn];
    return this.#targetName;
  }

  async #invokeAny(request: SessionRequest): Promise<CallOutcome> {
    this.#capture = undefined;
    if (this.#loadFailure !== undefined) return this.#loadFailure;
    const compiled = this.#compiled;
    if (compiled === undefined) return failure('crash', 'plugin not loaded');
    if (!compiled.exports.has(request.fn)) {
      return failure('missing-export', `the plugin exports no function named ${JSON.stringify(request.fn)}`);
    }
    this.#setConfig(request.config);
    if (request.fresh !== false || this.#plugin === undefined) {
      const broken = await this.#instantiate(compiled.module);
      if (broken !== undefined) return broken;
    }
    // The call itself, inline rather than through #invoke: on a reused
    // instance this is the hot path, and every async layer costs a hop.
    const plugin = this.#plugin;
    if (plugin === undefined) return failure('crash', 'no plugin instance');
    if (this.#beforeInvoke()) await plugin.reset();
    const pagesBefore = this.#pages();
    let output;
    try {
      output = await plugin.call(this.#target(request.fn), this.#ownInput(request.input));
    } catch (error) {
      return this.#classify(error, 'trap', '', pagesBefore);
    }
    return this.#afterInvoke(request.fn, output);
  }

  /**
   * The input in a buffer of the session's own, which the SDK adopts whole
   * and the guest may write to: the caller's bytes stay untouched, and
   * consecutive inputs of one length reuse one buffer rather than cost an
   * ArrayBuffer each. An earlier call's input block then shows the current
   * input; the SDK keeps those blocks only until its next reset anyway.
   */
  #ownInput(input: Uint8Array): Uint8Array {
    if (this.#input.byteLength !== input.byteLength) this.#input = new Uint8Array(input.byteLength);
    this.#input.set(input);
    return this.#input;
  }

  async #dropInstance(): Promise<void> {
    // The counts live in the instance: taken before it goes.
    this.harvestCoverage();
    this.#take = undefined;
    const plugin = this.#plugin;
    this.#plugin = undefined;
    this.#memory = undefined;
    if (plugin !== undefined) await plugin.close().catch(() => undefined);
  }

  /** Moves the coverage counts since the last harvest into the run's shared counts (no-op without --coverage). */
  harvestCoverage(): void {
    if (this.#take !== undefined) this.#counters?.harvest(this.#take);
  }

  async close(): Promise<void> {
    await this.#dropInstance();
    this.#paths.dispose();
  }
}
