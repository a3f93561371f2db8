import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { hostAllowed } from '../../host/http-match.js';
import type { DeclaredAt, ExpectedHostCall, ExpectedHttpRequest, HostSettings, SuiteHttpMock } from '../suite.js';
import { hexToBytes } from './suite-values.js';
import type { SuiteFindingCode } from '../../finding-code.js';

type Table = Record<string, unknown>;
type Report = (code: SuiteFindingCode, pointer: string, message: string, expected?: string) => void;

const HOST_EXPECTED = 'a host name or a glob over host names, lower-case, without scheme, port or path (e.g. "api.example.com", "*.example.com")';
const URL_EXPECTED = 'an absolute http:// or https:// URL, or a glob over one (e.g. "https://api.example.com/v1/*")';
const GLOB_CHARS = /[*?[\]{}!()+@]/;

// A URL hostname is lower-case and has no scheme, port, path or spaces: a pattern holding one of them never matches.
function hostPatternProblem(pattern: string): string | undefined {
  if (/[A-Z]/.test(pattern)) return 'has upper-case letters; URL host names are lower-case';
  if (/[/:\s@]/.test(pattern)) return 'has a scheme, port, path or space; allowed_hosts match host names only';
  return undefined;
}

// The host part of a mock URL when it is literal (no glob characters), lower-cased, without port.
function literalHost(url: string): string | undefined {
  const match = /^https?:\/\/([^/?#]*)/.exec(url);
  const authority = match?.[1];
  if (authority === undefined || GLOB_CHARS.test(authority)) return undefined;
  try {
    return new URL(`http://${authority}`).hostname;
  } catch {
    return undefined;
  }
}

function insideSuite(suiteDir: string, written: string): string | undefined {
  const path = resolve(suiteDir, written);
  const rel = relative(suiteDir, path);
  return isAbsolute(written) || rel.startsWith('..') || isAbsolute(rel) ? undefined : path;
}

/**
 * The Extism manifest options of `[host]` (allowed_hosts, http mocks,
 * response headers, response and var limits, allowed_paths, strict_mocks),
 * checked for what would make them silently useless: a host pattern or mock
 * URL that can never match, a mock for a host that is not allowed, a body
 * file outside the suite's folder or missing, a folder that does not exist.
 */
export function buildHostOptions(
  host: Table,
  suiteDir: string,
  at: (pointer: string) => DeclaredAt,
  report: Report,
  // Where the keys sit ('/host', or '/cases/3' for a case's own), and the suite's [host] when building a case's.
  base = '/host',
  suiteHost?: Partial<HostSettings> & { readonly wasi: boolean },
): Partial<HostSettings> {
  const out: { -readonly [K in keyof HostSettings]?: HostSettings[K] } = {};
  if (typeof host['strict_mocks'] === 'boolean') out.strictMocks = host['strict_mocks'];
  if (typeof host['http_response_headers'] === 'boolean') out.httpResponseHeaders = host['http_response_headers'];
  if (typeof host['max_http_response_bytes'] === 'number') out.maxHttpResponseBytes = host['max_http_response_bytes'];
  if (typeof host['max_var_bytes'] === 'number') out.maxVarBytes = host['max_var_bytes'];

  const allowedHosts = (host['allowed_hosts'] ?? suiteHost?.allowedHosts ?? []) as string[];
  ((host['allowed_hosts'] ?? []) as string[]).forEach((pattern, i) => {
    const problem = hostPatternProblem(pattern);
    if (problem !== undefined) report('suite-host', `${base}/allowed_hosts/${i}`, `'${pattern}' can never match: it ${problem}`, HOST_EXPECTED);
  });
  if (host['allowed_hosts'] !== undefined) out.allowedHosts = host['allowed_hosts'] as string[];

  const mocks: SuiteHttpMock[] = [];
  ((host['http'] ?? []) as Table[]).forEach((raw, i) => {
    const pointer = `${base}/http/${i}`;
    const url = raw['url'] as string;
    const method = typeof raw['method'] === 'string' ? raw['method'].toUpperCase() : 'GET';
    let ok = true;
    if (!/^https?:\/\//.test(url)) {
      report('suite-host', `${pointer}/url`, `'${url}' can never match a request: plugins request absolute http(s) URLs`, URL_EXPECTED);
      ok = false;
    } else {
      const hostname = literalHost(url);
      if (hostname !== undefined && !hostAllowed(allowedHosts, hostname)) {
        report(
          'suite-host',
          `${pointer}/url`,
          `this mock can never answer: host '${hostname}' is not in allowed_hosts, so the request fails before any mock is asked`,
          allowedHosts.length === 0 ? `allowed_hosts = ["${hostname}"]` : `allowed_hosts with "${hostname}" or a glob matching it (now: ${JSON.stringify(allowedHosts)})`,
        );
        ok = false;
      }
    }
    const sources = (['body', 'body_hex', 'body_file'] as const).filter((k) => raw[k] !== undefined);
    if (sources.length > 1) {
      report('suite-host', `${pointer}/${sources[1] ?? ''}`, `a mock has one body; this one has ${sources.join(' and ')}`, 'one of body, body_hex, body_file');
      ok = false;
    }
    let body: SuiteHttpMock['body'] = { text: typeof raw['body'] === 'string' ? raw['body'] : '' };
    if (typeof raw['body_hex'] === 'string') {
      if (hexToBytes(raw['body_hex']) === undefined) {
        report('suite-host', `${pointer}/body_hex`, 'not an even number of hex digits', 'pairs of hex digits, optionally separated by spaces or _');
        ok = false;
      }
      body = { hex: raw['body_hex'] };
    }
    if (typeof raw['body_file'] === 'string') {
      const path = insideSuite(suiteDir, raw['body_file']);
      if (path === undefined) {
        report('suite-host', `${pointer}/body_file`, `'${raw['body_file']}' is outside the suite's folder`, "a path relative to the suite file, inside its folder");
        ok = false;
      } else if (!statSync(path, { throwIfNoEntry: false })?.isFile()) {
        report('suite-host', `${pointer}/body_file`, `body file ${path} does not exist`, "a file relative to the suite file, inside its folder");
        ok = false;
      } else body = { file: path };
    }
    if (!ok) return;
    mocks.push({
      method,
      url,
      status: typeof raw['status'] === 'number' ? raw['status'] : 200,
      headers: (raw['headers'] ?? {}) as Record<string, string>,
      body,
      at: at(pointer),
    });
  });
  if (host['http'] !== undefined) out.http = mocks;

  const paths = host['allowed_paths'] as Record<string, string> | undefined;
  if (paths !== undefined) {
    if ((suiteHost?.wasi ?? host['wasi']) !== true && Object.keys(paths).length > 0) {
      report('suite-host', `${base}/allowed_paths`, 'allowed_paths are WASI preopens; this suite has WASI off', 'wasi = true in [host]');
    }
    const resolved: Record<string, string> = {};
    for (const [guest, folder] of Object.entries(paths)) {
      const pointer = `${base}/allowed_paths/${guest.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (folder.startsWith('ro:')) {
        report('suite-host', pointer, 'read-only ro: paths are refused by the Extism JS SDK', 'a folder relative to the suite file (the plugin gets a copy, so it can never change it)');
        continue;
      }
      const path = resolve(suiteDir, folder);
      if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
        report('suite-host', pointer, `folder ${path} does not exist`, 'an existing folder, relative to the suite file');
        continue;
      }
      resolved[guest] = path;
    }
    out.allowedPaths = resolved;
  }
  return out;
}

/** A step's `http_requests` (methods upper-cased) and `host_calls` (inputs as bytes). */
export function stepCallExpectations(step: Table): { httpRequests?: ExpectedHttpRequest[]; hostCalls?: ExpectedHostCall[] } {
  const out: { httpRequests?: ExpectedHttpRequest[]; hostCalls?: ExpectedHostCall[] } = {};
  if (Array.isArray(step['http_requests'])) {
    out.httpRequests = (step['http_requests'] as Table[]).map((r) => ({ method: (r['method'] as string).toUpperCase(), url: r['url'] as string }));
  }
  if (Array.isArray(step['host_calls'])) {
    out.hostCalls = (step['host_calls'] as Table[]).map((c) => {
      const input = c['input'];
      const name = c['name'] as string;
      if (input === undefined) return { name };
      if (typeof input === 'string') return { name, input: new TextEncoder().encode(input) };
      return { name, input: hexToBytes((input as { hex: string }).hex) ?? new Uint8Array(0) };
    });
  }
  return out;
}
