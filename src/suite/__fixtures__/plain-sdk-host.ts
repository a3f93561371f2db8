import { readFileSync } from 'node:fs';
import createPlugin, { type Plugin } from '@extism/extism';
import { mockAnswers } from '../../host/http-match.js';
import type { HttpMock, PluginSpec } from '../../host/plugin-spec.js';
import { emptyCapture, noteLog, type CallCapture } from '../../host/_internals/call-capture.js';
import { kegsHostFunctions } from '../../host/_internals/kegs-host-functions.js';
import { mockHostFunctions } from '../../host/_internals/mock-host-functions.js';

// Test support for the fidelity test: the same plugin, under the same
// manifest, run by the plain @extism/extism SDK with nothing of kegcheck's
// host in between except the kegs host functions and the suite's mocks
// (which a real kegs host provides too). HTTP goes through the SDK's own
// http_request (worker mode, the only mode where 1.0.3 has one) with a
// `fetch` answering from the suite's mocks.

export type PlainOutcome = { readonly kind: 'ok'; readonly output: Uint8Array } | { readonly kind: 'error'; readonly message: string };

export interface PlainCall {
  readonly outcome: PlainOutcome;
  readonly capture: CallCapture;
}

function mockFetch(mocks: readonly HttpMock[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const mock = mocks.find((m) => mockAnswers(m, method, raw, new URL(raw)));
    if (mock === undefined) throw new Error(`no mock answers ${method} ${raw}`);
    const body = 'text' in mock.body ? mock.body.text : 'hex' in mock.body ? Buffer.from(mock.body.hex.replace(/[\s_]/g, ''), 'hex') : readFileSync(mock.body.file);
    return new Response(body, { status: mock.status, headers: mock.headers });
  }) as typeof fetch;
}

/** One plain SDK instance; `call` runs one export and returns what it did. */
export class PlainSdkPlugin {
  #capture: CallCapture = emptyCapture();
  #plugin: Plugin | undefined;
  /** The SDK runs the plugin off-thread (its only mode with http_request). */
  workerMode = false;

  private constructor(readonly spec: PluginSpec) {}

  static async open(spec: PluginSpec, config: Record<string, string>): Promise<PlainSdkPlugin> {
    const self = new PlainSdkPlugin(spec);
    const capture = (): CallCapture => self.#capture;
    const sink = (level: string) => (...parts: unknown[]) => noteLog(self.#capture, { level, text: parts.map(String).join(' ') });
    const logger = { trace: sink('trace'), debug: sink('debug'), info: sink('info'), log: sink('info'), warn: sink('warn'), error: sink('error') } as unknown as Console;
    const wasm = readFileSync(spec.wasmPath);
    const usesHttp = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).some((i) => i.name === 'http_request');
    self.workerMode = usesHttp;
    self.#plugin = await createPlugin(
      { wasm: [{ data: new Uint8Array(wasm) }] },
      {
        useWasi: spec.wasi === true,
        runInWorker: usesHttp,
        allowedHosts: spec.allowedHosts ?? [],
        allowedPaths: spec.allowedPaths ?? {},
        fetch: mockFetch(spec.httpMocks ?? []),
        config,
        logger,
        functions: {
          'extism:host/user': {
            ...kegsHostFunctions({ pluginDir: spec.pluginDir, kegRoot: spec.kegRoot, maxOutputBytes: 64 * 1024 * 1024, capture }),
            ...(await mockHostFunctions(spec.hostFunctions ?? [], capture)),
          },
        } as never,
      },
    );
    return self;
  }

  async call(fn: string, input: Uint8Array): Promise<PlainCall> {
    this.#capture = emptyCapture();
    const plugin = this.#plugin;
    if (plugin === undefined) throw new Error('closed');
    try {
      const output = await plugin.call(fn, input.byteLength === 0 ? new Uint8Array(0) : input.slice());
      return { outcome: { kind: 'ok', output: output === null ? new Uint8Array(0) : output.bytes().slice() }, capture: this.#capture };
    } catch (error) {
      return { outcome: { kind: 'error', message: error instanceof Error ? error.message : String(error) }, capture: this.#capture };
    }
  }

  async close(): Promise<void> {
    await this.#plugin?.close();
    this.#plugin = undefined;
  }
}
