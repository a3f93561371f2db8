import type { KegcheckErrorCode } from './kegcheck-error-code.js';

/** Codes of findings in a keg: its keg.toml, metadata.toml, plugin folders and wasm, its conformance claims. */
export type KegFindingCode =
  | 'schema'
  | 'toml-syntax'
  | 'duplicate-plugin'
  | 'file-too-large'
  | 'metadata-missing'
  | 'metadata-mismatch'
  | 'package-table'
  | 'plugin-folder-missing'
  | 'plugin-name'
  | 'plugin-path'
  | 'plugin-schema-invalid'
  | 'plugin-type'
  | 'plugin-undeclared'
  | 'symlink-escape'
  | 'version-semver'
  | 'wasm-missing'
  | 'wasm-invalid'
  | 'conforms-range'
  | 'conforms-type'
  | 'conforms-unsatisfied';

/** Codes of findings in a suite file (`kegcheck run`, `diff` and the vitest integration print them). */
export type SuiteFindingCode =
  | 'suite-case-shape'
  | 'suite-duplicate-case'
  | 'suite-duplicate-function'
  | 'suite-expect'
  | 'suite-function-shape'
  | 'suite-golden-path'
  | 'suite-host'
  | 'suite-input-schema'
  | 'suite-input-schema-case'
  | 'suite-input-schema-invalid'
  | 'suite-input-schema-remote-ref'
  | 'suite-input-schema-unsatisfiable'
  | 'suite-input-schema-unsupported-keyword'
  | 'suite-oracle-missing'
  | 'suite-output-schema'
  | 'suite-package-path'
  | 'suite-property'
  | 'suite-regex'
  | 'suite-unknown-function'
  | 'suite-value';

/**
 * Every code a Finding can carry: stable, what tests and callers match on.
 * An error that stops loading becomes a finding with its KegcheckErrorCode
 * (`zip-unsafe-entry`, `keg-not-zip`…). A code missing here does not compile.
 */
export type FindingCode = KegFindingCode | SuiteFindingCode | KegcheckErrorCode;
