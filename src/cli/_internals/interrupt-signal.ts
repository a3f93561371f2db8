/**
 * Runs `work` with an AbortSignal that SIGINT (Ctrl-C) aborts: the CLI owns
 * signals, the library only takes the AbortSignal. The handler is removed
 * when `work` settles, so a later Ctrl-C behaves as Node's default again.
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error('interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
