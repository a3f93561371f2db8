import type { FindingCode } from './finding-code.js';
import type { SourceLocation } from './kegcheck-error.js';

/**
 * A validation finding: data, not an exception (like ajv's `ErrorObject`).
 * `code` is stable (e.g. `schema`, `toml-syntax`, `duplicate-plugin`,
 * `wasm-missing`, `wasm-invalid`, `zip-unsafe-entry`); tests match on it.
 */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** What was expected at that place, when the check knows. */
  readonly expected?: string;
  readonly location: SourceLocation;
}
