import { removeAllowedPathCopiesAtExit } from '../../host/allowed-path-copies.js';
import type { PluginSpec } from '../../host/plugin-spec.js';
import type { CaseHostOverrides, HostSettings } from '../suite.js';

/** `[host]`'s Extism manifest options as the host takes them (see docs/host.md for the mapping). */
export function manifestOptions(host: HostSettings): Partial<PluginSpec> {
  if (host.allowedPaths !== undefined) removeAllowedPathCopiesAtExit();
  return {
    ...(host.allowedHosts === undefined ? {} : { allowedHosts: [...host.allowedHosts] }),
    ...(host.http === undefined
      ? {}
      : { httpMocks: host.http.map((m) => ({ method: m.method, url: m.url, status: m.status, headers: { ...m.headers }, body: { ...m.body } })) }),
    ...(host.httpResponseHeaders === undefined ? {} : { httpResponseHeaders: host.httpResponseHeaders }),
    ...(host.maxHttpResponseBytes === undefined ? {} : { maxHttpResponseBytes: host.maxHttpResponseBytes }),
    ...(host.maxVarBytes === undefined ? {} : { maxVarBytes: host.maxVarBytes }),
    ...(host.allowedPaths === undefined ? {} : { allowedPaths: { ...host.allowedPaths } }),
  };
}

/** A plugin's spec under a case's own manifest options: its mocks first, its other options over the suite's. */
export function withCaseHost(spec: PluginSpec, overrides: CaseHostOverrides): PluginSpec {
  const own = manifestOptions({ wasi: spec.wasi === true, config: {}, functions: [], ...overrides });
  return { ...spec, ...own, ...(own.httpMocks === undefined ? {} : { httpMocks: [...own.httpMocks, ...(spec.httpMocks ?? [])] }) };
}
