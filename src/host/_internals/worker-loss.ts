import { COMPILING } from './progress-slot.js';
import { emptyCapture } from './call-capture.js';
import type { CallFailureKind, CallRequest, CallResult } from '../plugin-spec.js';

/** Why a worker stopped answering in the middle of a batch. */
export type LostReason =
  | { readonly kind: 'timeout'; readonly index: number; readonly elapsedMs: number; readonly timeoutMs: number }
  | { readonly kind: 'exit'; readonly index: number; readonly elapsedMs: number; readonly error: Error | undefined; readonly exitCode: number }
  | { readonly kind: 'aborted'; readonly index: number; readonly elapsedMs: number; readonly reason: string }
  | { readonly kind: 'start'; readonly index: number; readonly elapsedMs: number; readonly timeoutMs: number };

/** A CallResult for a call that produced no result of its own. */
export function failedCall(kind: CallFailureKind, message: string, elapsedMs = 0): CallResult {
  return { kind, message, elapsedMs, ...emptyCapture() };
}

/** The result of the call a worker was running when it was lost. */
export function describeLoss(lost: LostReason, calls: readonly CallRequest[], heapMb: number): CallResult {
  switch (lost.kind) {
    case 'timeout':
      if (lost.index === COMPILING) return failedCall('crash', `compiling the module took longer than ${lost.timeoutMs} ms`, lost.elapsedMs);
      return failedCall('timeout', `${calls[lost.index]?.fn ?? 'call'} did not finish within ${lost.timeoutMs} ms (stopped after ${Math.round(lost.elapsedMs)} ms)`, lost.elapsedMs);
    case 'exit': {
      const code = (lost.error as { code?: string } | undefined)?.code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return failedCall('memory-limit', `the worker ran out of its ${heapMb} MiB heap (PluginSpec.maxHeapMb): ${lost.error?.message ?? ''}`.trim(), lost.elapsedMs);
      }
      return failedCall('crash', `the worker thread ended (exit code ${lost.exitCode})${lost.error === undefined ? '' : `: ${lost.error.message}`}`, lost.elapsedMs);
    }
    case 'aborted':
      return failedCall('crash', `aborted: ${lost.reason}`, lost.elapsedMs);
    case 'start':
      return failedCall('crash', `the worker thread did not start the batch within ${lost.timeoutMs} ms`, lost.elapsedMs);
  }
}
