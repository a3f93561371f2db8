import { readFileSync } from 'node:fs';
import type { CallContext } from '@extism/extism';
import { hostAllowed, mockAnswers } from '../http-match.js';
import type { HttpMock, PluginSpec } from '../plugin-spec.js';
import { noteHttpRequest, noteLog, type CallCapture } from './call-capture.js';
import { HostLimitError } from './host-limit-error.js';

function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s_]+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

interface Answer {
  readonly mock: HttpMock;
  readonly body: Uint8Array;
  readonly headers: Record<string, string>;
}

type RequestJson = { url?: unknown; method?: unknown; headers?: unknown; header?: unknown };

/**
 * `http_request`, `http_status_code` and `http_headers` for one plugin,
 * answered from the suite's mocks with Extism's rules: hosts checked against
 * `allowed_hosts` (the JS SDK's error when none matches), the status of the
 * last response, headers only when allowed (else 0), a body larger than
 * `max_http_response_bytes` logged and answered with 0. Synchronous: the
 * answers are local, so the call never waits on anything.
 */
export class HttpHost {
  readonly #allowed: readonly string[];
  readonly #answers: readonly Answer[];
  readonly #headersAllowed: boolean;
  readonly #maxBytes: number | undefined;
  #status = 0;
  #headers: Record<string, string> | null;

  /** Reads body files now: a missing file is a load failure, not a surprise mid-call. */
  constructor(spec: Pick<PluginSpec, 'allowedHosts' | 'httpMocks' | 'httpResponseHeaders' | 'maxHttpResponseBytes'>) {
    this.#allowed = spec.allowedHosts ?? [];
    this.#answers = (spec.httpMocks ?? []).map((mock) => ({
      mock,
      body: 'text' in mock.body ? new TextEncoder().encode(mock.body.text) : 'hex' in mock.body ? hexBytes(mock.body.hex) : new Uint8Array(readFileSync(mock.body.file)),
      headers: Object.fromEntries(Object.entries(mock.headers).map(([k, v]) => [k.toLowerCase(), v])),
    }));
    this.#headersAllowed = spec.httpResponseHeaders === true;
    this.#maxBytes = spec.maxHttpResponseBytes;
    this.#headers = this.#headersAllowed ? {} : null;
  }

  /** Kernel overrides for `extism:host/env`. */
  functions(capture: () => CallCapture): Record<string, (ctx: CallContext, ...args: never[]) => unknown> {
    return {
      http_request: (ctx: CallContext, request: bigint, body: bigint) => this.#request(ctx, request, body, capture),
      http_status_code: () => this.#status,
      http_headers: (ctx: CallContext) => (this.#headers === null ? 0n : ctx.store(JSON.stringify(this.#headers))),
    };
  }

  #request(ctx: CallContext, requestOffset: bigint, _bodyOffset: bigint, capture: () => CallCapture): bigint {
    if (this.#headers !== null) this.#headers = {};
    this.#status = 0;
    const block = ctx.read(requestOffset);
    if (block === null) return 0n;
    let json: RequestJson;
    try {
      json = block.json() as RequestJson;
    } catch (error) {
      noteHttpRequest(capture(), { method: '?', url: '?', outcome: 'invalid' });
      throw error;
    }
    const rawUrl = String(json.url);
    const method = typeof json.method === 'string' ? json.method.toUpperCase() : 'GET';
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch (error) {
      noteHttpRequest(capture(), { method, url: rawUrl, outcome: 'invalid' });
      throw error;
    }
    if (!hostAllowed(this.#allowed, url.hostname)) {
      noteHttpRequest(capture(), { method, url: rawUrl, outcome: 'refused' });
      throw new Error(`Call error: HTTP request to "${url.href}" is not allowed (no allowedHosts match "${url.hostname}")`);
    }
    const answer = this.#answers.find((a) => mockAnswers(a.mock, method, rawUrl, url));
    if (answer === undefined) {
      noteHttpRequest(capture(), { method, url: rawUrl, outcome: 'unanswered' });
      throw new HostLimitError('trap', `HTTP request ${method} ${rawUrl}: no [[host.http]] mock answers it (kegcheck never uses the network)`);
    }
    this.#status = answer.mock.status;
    if (this.#headers !== null) this.#headers = { ...answer.headers };
    if (this.#maxBytes !== undefined && answer.body.byteLength > this.#maxBytes) {
      noteHttpRequest(capture(), { method, url: rawUrl, outcome: 'too-large', status: answer.mock.status });
      noteLog(capture(), { level: 'error', text: `Response body exceeded ${this.#maxBytes} bytes` });
      return 0n;
    }
    noteHttpRequest(capture(), { method, url: rawUrl, outcome: 'answered', status: answer.mock.status });
    return ctx.store(answer.body);
  }
}
