import type { LogRecord, StaticRead } from '../../suite/result.js';

/** What the plugin did during one call, filled in by the host functions. */
export interface CallCapture {
  prints: string[];
  logs: LogRecord[];
  staticReads: StaticRead[];
  hostCalls: string[];
}

export function emptyCapture(): CallCapture {
  return { prints: [], logs: [], staticReads: [], hostCalls: [] };
}

/** Appends a host-call name, collapsing immediate repeats so a loop of reads stays one entry. */
export function noteHostCall(capture: CallCapture, name: string): void {
  if (capture.hostCalls[capture.hostCalls.length - 1] !== name) capture.hostCalls.push(name);
}
