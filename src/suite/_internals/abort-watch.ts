import { isKegcheckError, type KegcheckError } from '../../kegcheck-error.js';

/**
 * A run's AbortSignal and the first `aborted` rejection a supervisor call
 * gave for it. Checks may swallow a rejection (fast-check turns a throwing
 * predicate into a counterexample), so runSuite looks here after each item:
 * an aborted run then rejects instead of reporting a verdict it never reached.
 */
export class AbortWatch {
  readonly signal: AbortSignal | undefined;
  #error: KegcheckError | undefined;

  constructor(signal: AbortSignal | undefined) {
    this.signal = signal;
  }

  /** Records `error` when it is the abort; returns it either way, for rethrowing. */
  note(error: unknown): unknown {
    if (isKegcheckError(error) && error.code === 'aborted') this.#error ??= error;
    return error;
  }

  /** Throws the recorded abort, if any. */
  throwIfAborted(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
