import type { LogRecord, StaticRead } from '../../model/result.js';
import type { HttpRequestRecord, MockCall } from '../plugin-spec.js';

/** What the plugin did during one call, filled in by the host functions. */
export interface CallCapture {
  prints: string[];
  logs: LogRecord[];
  staticReads: StaticRead[];
  hostCalls: string[];
  mockCalls?: MockCall[];
  httpRequests?: HttpRequestRecord[];
}

// A plugin printing in a loop must not turn its own capture into a heap
// exhaustion: past these, records are dropped and one marker says so.
export const MAX_RECORDS = 1000;
export const MAX_TEXT = 64 * 1024;

export function emptyCapture(): CallCapture {
  return { prints: [], logs: [], staticReads: [], hostCalls: [] };
}

/**
 * The capture of a call that captured nothing, shared by all of them; frozen
 * so that a note written to it by mistake throws instead of leaking into
 * other calls' results.
 */
export const NO_CAPTURE: CallCapture = emptyCapture();
Object.freeze(NO_CAPTURE.prints);
Object.freeze(NO_CAPTURE.logs);
Object.freeze(NO_CAPTURE.staticReads);
Object.freeze(NO_CAPTURE.hostCalls);
Object.freeze(NO_CAPTURE);

/** Appends a host-call name, collapsing immediate repeats so a loop of reads stays one entry. */
export function noteHostCall(capture: CallCapture, name: string): void {
  if (capture.hostCalls[capture.hostCalls.length - 1] !== name) capture.hostCalls.push(name);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… [${text.length - MAX_TEXT} more characters]` : text;
}

/** Records a keg_print line, within the per-call limits. */
export function notePrint(capture: CallCapture, text: string): void {
  if (capture.prints.length < MAX_RECORDS) capture.prints.push(clip(text));
  else if (capture.prints.length === MAX_RECORDS) capture.prints.push(`[kegcheck: more than ${MAX_RECORDS} prints in one call; the rest were dropped]`);
}

/** Records a log line, within the per-call limits. */
export function noteLog(capture: CallCapture, record: LogRecord): void {
  if (capture.logs.length < MAX_RECORDS) capture.logs.push({ level: record.level, text: clip(record.text) });
  else if (capture.logs.length === MAX_RECORDS) capture.logs.push({ level: 'warn', text: `[kegcheck: more than ${MAX_RECORDS} log records in one call; the rest were dropped]` });
}

/** Records a static read, within the per-call limits. */
export function noteStaticRead(capture: CallCapture, read: StaticRead): void {
  if (capture.staticReads.length < MAX_RECORDS) capture.staticReads.push(read);
}

// Mock inputs kept per call are clipped: expectations compare short inputs.
const MAX_MOCK_INPUT = 64 * 1024;

/** Records a suite mock's call with its input, within the per-call limits. */
export function noteMockCall(capture: CallCapture, name: string, input: Uint8Array): void {
  const calls = (capture.mockCalls ??= []);
  if (calls.length < MAX_RECORDS) calls.push({ name, input: input.slice(0, MAX_MOCK_INPUT) });
}

/** Records an http_request, within the per-call limits. */
export function noteHttpRequest(capture: CallCapture, record: HttpRequestRecord): void {
  const requests = (capture.httpRequests ??= []);
  if (requests.length < MAX_RECORDS) requests.push({ ...record, url: clip(record.url) });
}
