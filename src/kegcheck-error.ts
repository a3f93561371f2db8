import type { KegcheckErrorCode } from './kegcheck-error-code.js';

/**
 * Where a problem was found. `file` is always set; the rest as far as known.
 * `pointer` is a JSON pointer into the parsed document (ajv's `instancePath`),
 * `keyPath` the same place in TOML dotted form (`plugins[1].name`).
 */
export interface SourceLocation {
  readonly file: string;
  readonly pointer?: string;
  readonly keyPath?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * The one error class for user-facing failures. `code` is stable and is what
 * tests and callers match on; `message` is for people and may change.
 */
export class KegcheckError extends Error {
  override readonly name: string = 'KegcheckError';
  readonly code: KegcheckErrorCode;
  readonly location: SourceLocation | undefined;

  constructor(code: KegcheckErrorCode, message: string, options: { location?: SourceLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
  }
}

/** Renders `file:line:column` (or as much as is known) for messages. */
export function formatLocation(location: SourceLocation): string {
  let out = location.file;
  if (location.line !== undefined) {
    out += `:${location.line}`;
    if (location.column !== undefined) out += `:${location.column}`;
  }
  if (location.keyPath !== undefined && location.keyPath !== '') out += ` (${location.keyPath})`;
  return out;
}

export function isKegcheckError(error: unknown): error is KegcheckError {
  return error instanceof KegcheckError;
}
