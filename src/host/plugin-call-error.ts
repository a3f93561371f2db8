import { KegcheckError } from '../kegcheck-error.js';
import type { CallFailureKind, CallResult } from './plugin-spec.js';

/** Thrown by PluginLoader.call when a call does not end `ok`; `kind` says how it ended. */
export class PluginCallError extends KegcheckError {
  override readonly name: string = 'PluginCallError';
  readonly kind: CallFailureKind;
  readonly result: CallResult;

  constructor(plugin: string, fn: string, result: Exclude<CallResult, { kind: 'ok' }>) {
    super(`plugin-${result.kind}`, `${plugin}: ${fn} failed (${result.kind}): ${result.message}`, { location: { file: plugin } });
    this.kind = result.kind;
    this.result = result;
  }
}
