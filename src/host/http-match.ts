import { createRequire } from 'node:module';
import type { minimatch as Minimatch } from 'minimatch';
import type { HttpMock } from './plugin-spec.js';

const URL_GLOB = { dot: true } as const;

// minimatch (six modules) is loaded on the first glob, not with this module:
// every run parses suites and starts workers that import this file, and most
// never match a glob. Synchronous (require), so the matchers stay synchronous.
let loaded: typeof Minimatch | undefined;
function minimatch(...args: Parameters<typeof Minimatch>): boolean {
  loaded ??= (createRequire(import.meta.url)('minimatch') as { minimatch: typeof Minimatch }).minimatch;
  return loaded(...args);
}

/** Extism's host match, as the JS SDK does it: the name itself, or a minimatch glob over it. */
export function hostAllowed(allowedHosts: readonly string[], hostname: string): boolean {
  return allowedHosts.some((allowed) => allowed === hostname || minimatch(hostname, allowed));
}

/** A mock answers when its method matches and its url is the URL (as written or normalised) or a glob over it. */
export function mockAnswers(mock: Pick<HttpMock, 'method' | 'url'>, method: string, rawUrl: string, url: URL): boolean {
  // dot: a URL segment starting with "." (/.well-known) is matched like any other.
  return mock.method === method && (mock.url === rawUrl || mock.url === url.href || minimatch(rawUrl, mock.url, URL_GLOB) || minimatch(url.href, mock.url, URL_GLOB));
}
