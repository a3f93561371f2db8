import { KegcheckError } from '../kegcheck-error.js';

/** Stable codes of {@link CodecError} (listed with every other code in src/kegcheck-error-code.ts). */
export type { CodecErrorCode } from '../kegcheck-error-code.js';
import type { CodecErrorCode } from '../kegcheck-error-code.js';

export interface CodecErrorDetails {
  /** Index of the field being read or written; undefined for raw framings and whole-buffer problems. */
  readonly fieldIndex?: number | undefined;
  readonly fieldName?: string | undefined;
  /** Byte offset in the buffer where the problem starts (for encode: where the field would go). */
  readonly offset: number;
  /** What the codec needed there, in words (`8 bytes for i64`, `valid UTF-8`). */
  readonly expected: string;
  readonly cause?: unknown;
}

/**
 * A payload that cannot be encoded or decoded. Carries the field, the byte
 * offset and what was expected; decode errors also put a hex view of the
 * buffer with field boundaries into the message.
 */
export class CodecError extends KegcheckError {
  override readonly name: string = 'CodecError';
  override readonly code: CodecErrorCode;
  readonly fieldIndex: number | undefined;
  readonly fieldName: string | undefined;
  readonly offset: number;
  readonly expected: string;

  constructor(code: CodecErrorCode, message: string, details: CodecErrorDetails) {
    super(code, message, details.cause === undefined ? {} : { cause: details.cause });
    this.code = code;
    this.fieldIndex = details.fieldIndex;
    this.fieldName = details.fieldName;
    this.offset = details.offset;
    this.expected = details.expected;
  }
}

export function isCodecError(error: unknown): error is CodecError {
  return error instanceof CodecError;
}
