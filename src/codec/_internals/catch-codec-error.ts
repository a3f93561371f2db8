import { CodecError } from '../codec-error.js';

/** Test helper: runs `fn` and returns the CodecError it throws; anything else fails the test. */
export function catchCodecError(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}
