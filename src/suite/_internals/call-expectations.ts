import { Buffer } from 'node:buffer';
import type { CallResult, MockCall } from '../../host/plugin-spec.js';
import type { MockCallRecord } from '../../model/result.js';
import type { CaseStep, ExpectedHostCall } from '../suite.js';
import { equalBytes, renderValue, type Mismatch } from './compare-output.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A mock call for reports: its input as text when it is UTF-8, else as hex. */
export function mockCallRecord(call: MockCall): MockCallRecord {
  try {
    return { name: call.name, input: utf8.decode(call.input) };
  } catch {
    return { name: call.name, input: { hex: Buffer.from(call.input).toString('hex') } };
  }
}

function renderExpected(call: ExpectedHostCall): unknown {
  if (call.input === undefined) return { name: call.name };
  return mockCallRecord({ name: call.name, input: call.input });
}

function hostCallsMatch(expected: readonly ExpectedHostCall[], actual: readonly MockCall[]): boolean {
  return expected.length === actual.length && expected.every((e, i) => e.name === actual[i]?.name && (e.input === undefined || equalBytes(e.input, actual[i]?.input ?? new Uint8Array(0))));
}

/**
 * A step's `http_requests` and `host_calls`, compared exactly and in order as
 * `logs` are; with `strict_mocks`, a step that lists no host calls may make none.
 */
export function callMismatch(result: CallResult, step: CaseStep, strictMocks: boolean): Mismatch | undefined {
  if (step.httpRequests !== undefined) {
    const actual = (result.httpRequests ?? []).map((r) => ({ method: r.method, url: r.url }));
    if (renderValue(actual) !== renderValue(step.httpRequests)) {
      return { message: 'HTTP requests differ', diff: { expected: renderValue(step.httpRequests), actual: renderValue(actual) } };
    }
  }
  const calls = result.mockCalls ?? [];
  if (step.hostCalls !== undefined) {
    if (!hostCallsMatch(step.hostCalls, calls)) {
      return { message: 'host calls differ', diff: { expected: renderValue(step.hostCalls.map(renderExpected)), actual: renderValue(calls.map(mockCallRecord)) } };
    }
  } else if (strictMocks && calls.length > 0) {
    return {
      message: `strict_mocks: the plugin called ${calls.map((c) => c.name).join(', ')}, which this case does not list in host_calls`,
      diff: { expected: '[]', actual: renderValue(calls.map(mockCallRecord)) },
    };
  }
  return undefined;
}
