/**
 * Thrown from inside a host function to abort the guest call with a limit
 * outcome; wasm unwinds a JS exception untouched, so the session sees it.
 */
export class HostLimitError extends Error {
  override readonly name = 'HostLimitError';
  constructor(
    readonly kind: 'output-limit' | 'memory-limit' | 'trap' | 'crash',
    message: string,
  ) {
    super(message);
  }
}
