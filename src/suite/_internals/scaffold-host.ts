import type { HostFunctionMock } from '../../host/plugin-spec.js';
import { EXTISM_KERNEL, KEGS_FUNCTIONS, KEGS_USER, WASI_PREVIEW1 } from '../../host/_internals/host-namespaces.js';
import { formatFunctionType, importFunctionTypes, type FunctionType } from './wasm-export-types.js';

/** A `[[host.functions]]` stub for an import the kegs host does not know. */
export interface HostStub {
  readonly name: string;
  readonly returns: 'none' | 'i64' | 'f32';
  readonly signature: string;
}

/** What a plugin's imports ask of the host, for `kegcheck init`. */
export interface HostNeeds {
  readonly wasi: boolean;
  readonly http: boolean;
  readonly stubs: readonly HostStub[];
  /** Imports no suite mock can provide (other modules, result types a mock cannot return, names TOML mocks cannot take). */
  readonly unprovidable: readonly string[];
}

const HTTP_IMPORTS = new Set(['http_request', 'http_status_code', 'http_headers']);
const MOCK_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function stubReturns(type: FunctionType): HostStub['returns'] | undefined {
  if (type.results.length === 0) return 'none';
  if (type.results.length !== 1) return undefined;
  if (type.results[0] === 'i64') return 'i64';
  if (type.results[0] === 'f32') return 'f32';
  return undefined;
}

/** Reads the module's imports: WASI, HTTP, and unknown `extism:host/user` functions with their types. */
export function hostNeeds(bytes: Uint8Array): HostNeeds {
  let wasi = false;
  let http = false;
  const stubs: HostStub[] = [];
  const unprovidable: string[] = [];
  for (const entry of importFunctionTypes(bytes)) {
    if (entry.module === WASI_PREVIEW1) wasi = true;
    else if (entry.module === EXTISM_KERNEL) http ||= HTTP_IMPORTS.has(entry.name);
    else if (entry.module === KEGS_USER && !KEGS_FUNCTIONS.has(entry.name)) {
      const returns = stubReturns(entry.type);
      if (returns === undefined || !MOCK_NAME.test(entry.name)) unprovidable.push(`${entry.module}::${entry.name} ${formatFunctionType(entry.type)}`);
      else if (!stubs.some((s) => s.name === entry.name)) stubs.push({ name: entry.name, returns, signature: formatFunctionType(entry.type) });
    } else if (entry.module !== KEGS_USER) unprovidable.push(`${entry.module}::${entry.name} ${formatFunctionType(entry.type)}`);
  }
  return { wasi, http, stubs, unprovidable };
}

/** The stubs as mocks with their placeholder values, so probing links. */
export function probeMocks(needs: HostNeeds): HostFunctionMock[] {
  return needs.stubs.map((s) => (s.returns === 'none' ? { name: s.name, returns: 'none' } : { name: s.name, returns: s.returns, value: 0 }));
}

/**
 * The `[host]` part of a scaffolded suite; empty when the plugin needs
 * nothing of it. `requests` (`GET https://…`, from probing) name the hosts
 * and URLs the commented HTTP example uses.
 */
export function hostSection(needs: HostNeeds, requests: readonly string[] = []): string[] {
  if (!needs.wasi && !needs.http && needs.stubs.length === 0 && needs.unprovidable.length === 0) return [];
  const lines = ['', '[host]'];
  if (needs.wasi) lines.push('wasi = true   # the plugin imports wasi_snapshot_preview1');
  if (needs.http) {
    const seen = requests.map((r) => r.split(' ')).filter((parts): parts is [string, string] => parts.length === 2);
    const hosts = [...new Set(seen.map(([, url]) => hostOf(url)).filter((h): h is string => h !== undefined))];
    const [method, url] = seen[0] ?? ['GET', 'https://api.example.com/v1/*'];
    lines.push(
      hosts.length === 0
        ? 'allowed_hosts = []   # the plugin imports http_request: list the hosts it may reach ("api.example.com", "*.example.com")'
        : `allowed_hosts = []   # the plugin imports http_request; probing saw requests to ${hosts.map((h) => JSON.stringify(h)).join(', ')}`,
      '# kegcheck never uses the network; answer each request with a mock:',
      '# [[host.http]]',
      `# method = ${JSON.stringify(method)}`,
      `# url = ${JSON.stringify(url)}   # exact, or a glob`,
      '# status = 200',
      '# headers = { "Content-Type" = "application/json" }',
      "# body = '{}'   # or body_hex = \"…\", or body_file = \"data/response.json\"",
    );
  }
  for (const line of needs.unprovidable) lines.push(`# imported, no suite mock can provide it: ${line}`);
  for (const stub of needs.stubs) {
    lines.push('', '[[host.functions]]', `name = ${JSON.stringify(stub.name)}   # imported as ${stub.signature}`, `returns = "${stub.returns}"`);
    if (stub.returns === 'i64') lines.push('value = 0   # placeholder; if the plugin reads memory at this offset, use returns = "str" or "bin" with a value');
    if (stub.returns === 'f32') lines.push('value = 0.0   # placeholder');
  }
  return lines;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
