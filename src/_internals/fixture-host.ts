// The kegs host functions as the fixture-keg guard test needs them: static
// resources served from the plugin's (then the keg's) static folder, prints
// and logs captured, and the suite's [[host.functions]] answering constants.
// A missing or refused resource yields the null offset 0 (as in src/host),
// which the fixture guests turn into an error of their own.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { CallContext } from '@extism/extism';

const LEVELS: Readonly<Record<string, string>> = { 0: 'trace', 10: 'debug', 20: 'info', 30: 'warn', 40: 'error', 50: 'critical' };

type HostFn = (context: CallContext, ...args: bigint[]) => bigint | number | undefined;

export interface FixtureHost {
  readonly functions: { readonly 'extism:host/user': Record<string, HostFn>; readonly 'extism:host/env': Record<string, HostFn> };
  readonly prints: string[];
  readonly logs: { level: string; text: string }[];
  readonly reads: string[];
  /** The SDK's logger: Extism log_* calls land in `logs` too. */
  readonly logger: Console;
  reset(): void;
}

export function fixtureHost(suite: Record<string, unknown>, pluginDir: string): FixtureHost {
  const kegDir = dirname(dirname(pluginDir));
  const prints: string[] = [];
  const logs: { level: string; text: string }[] = [];
  const reads: string[] = [];
  const user: Record<string, HostFn> = {
    keg_get_static_resource(context, offset) {
      const path = context.read(offset as bigint)?.text() ?? '';
      reads.push(path);
      // Same refusals as the kegcheck host: nothing outside the static folders.
      if (isAbsolute(path) || path.includes('\0') || path.split(/[/\\]/).includes('..')) return 0n;
      const found = [join(pluginDir, 'static', path), join(kegDir, 'static', path)].find((p) => existsSync(p));
      // Copied into a Uint8Array of its own: the SDK stores a Buffer's whole
      // backing ArrayBuffer, which for small files is Node's shared pool.
      return found === undefined ? 0n : context.store(new Uint8Array(readFileSync(found)));
    },
    keg_print(context, offset) {
      prints.push(context.read(offset as bigint)?.text() ?? '');
      return undefined;
    },
    keg_log(context, offset) {
      const bytes = Buffer.from(context.read(offset as bigint)?.bytes() ?? new Uint8Array());
      const level = bytes.readBigInt64LE(0);
      const length = Number(bytes.readBigInt64LE(8));
      logs.push({ level: LEVELS[String(level)] ?? String(level), text: bytes.subarray(16, 16 + length).toString('utf8') });
      return undefined;
    },
  };
  const host = (suite['host'] ?? {}) as Record<string, unknown>;
  for (const mock of (host['functions'] ?? []) as Record<string, unknown>[]) {
    const value = mock['value'];
    user[String(mock['name'])] = (context) => {
      switch (mock['returns']) {
        case 'i64':
          return BigInt(value as number);
        case 'f32':
          return value as number;
        case 'str':
          return context.store(new TextEncoder().encode(String(value)));
        default:
          return undefined;
      }
    };
  }
  return {
    functions: { 'extism:host/user': user, 'extism:host/env': httpFunctions(host) },
    prints,
    logs,
    reads,
    logger: Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((level) => [level, (...parts: unknown[]) => logs.push({ level, text: parts.map(String).join(' ') })])) as unknown as Console,
    reset() {
      prints.length = 0;
      logs.length = 0;
      reads.length = 0;
    },
  };
}

// The suite's [[host.http]] answers for http_request, kept deliberately
// simpler than src/host's: an exact URL, or a URL pattern whose only `*` is
// its last character; allowed_hosts exact or `*.suffix`. A refused or
// unanswered request throws, as any failing host function does.
function httpFunctions(host: Record<string, unknown>): Record<string, HostFn> {
  const allowed = (host['allowed_hosts'] ?? []) as string[];
  const mocks = (host['http'] ?? []) as Record<string, unknown>[];
  let status = 0;
  const hostOk = (name: string): boolean => allowed.some((a) => a === name || (a.startsWith('*.') && name.endsWith(a.slice(1))));
  const urlOk = (pattern: string, url: string): boolean => pattern === url || (pattern.endsWith('*') && !pattern.slice(0, -1).includes('*') && url.startsWith(pattern.slice(0, -1)));
  return {
    http_request(context, offset) {
      status = 0;
      const request = JSON.parse(context.read(offset as bigint)?.text() ?? '{}') as { url: string; method?: string };
      const method = (request.method ?? 'GET').toUpperCase();
      if (!hostOk(new URL(request.url).hostname)) throw new Error(`host of ${request.url} not allowed`);
      const mock = mocks.find((m) => String(m['method'] ?? 'GET').toUpperCase() === method && urlOk(String(m['url']), request.url));
      if (mock === undefined) throw new Error(`no mock for ${method} ${request.url}`);
      status = Number(mock['status'] ?? 200);
      return context.store(new TextEncoder().encode(String(mock['body'] ?? '')));
    },
    http_status_code: () => status,
  };
}
