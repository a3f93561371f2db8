/**
 * Every code a KegcheckError (and its subclasses) can carry: stable, what
 * tests and callers match on (the message is for people and may change).
 * A code missing here does not compile: add it here (docs/library-api.md, Errors, says where they live).
 */
export type KegcheckErrorCode =
  | 'bad-arguments' | 'bad-replay-path' | 'bad-shard'
  | 'baseline-empty'
  | 'bench-docs-markers' | 'bench-report-invalid' | 'bench-report-missing'
  | 'build-compile' | 'build-failed' | 'build-sources' | 'build-timeout'
  | 'dependency-missing'
  | 'diff-ambiguous'
  | 'expected-fail-invalid' | 'expected-fail-unreadable'
  | 'github-step-summary'
  | 'import-exists' | 'import-write'
  | 'init-ambiguous' | 'init-exists' | 'init-no-exports' | 'init-probe-crash' | 'init-write'
  | 'internal'
  | 'keg-manifest-invalid' | 'keg-manifest-missing' | 'keg-manifest-syntax' | 'keg-nested' | 'keg-not-found' | 'keg-not-zip' | 'keg-unreadable'
  | 'link-error'
  | 'manifest-missing'
  | 'memory-limit'
  | 'merge-duplicate-plugin' | 'merge-no-input' | 'merge-shard-mismatch' | 'merge-suite-version'
  | 'pack-missing-wasm' | 'pack-special-file' | 'pack-symlink' | 'pack-write-failed'
  | 'package-not-found'
  | 'plugin-name' | 'plugin-not-found' | 'plugin-type-mismatch' | 'plugin-type-missing' | 'plugin-wasm-missing'
  | 'aborted'
  | 'reporter-failed'
  | 'report-invalid' | 'report-invalid-json' | 'report-out-dir' | 'report-path-outside-out-dir' | 'report-read' | 'report-write'
  | 'suite-not-found' | 'suite-package-invalid' | 'suite-unreadable'
  | 'target-not-found'
  | 'temp-dir-unwritable'
  | 'toml-syntax'
  | 'toolchain-missing'
  | 'tsx-missing'
  | 'unknown-reporter'
  | 'usage'
  | 'wasm-malformed' | 'wasm-memory64' | 'wasm-truncated'
  | 'xtp-invalid' | 'xtp-ref' | 'xtp-unreadable' | 'xtp-version' | 'xtp-yaml'
  | 'zip-corrupt' | 'zip-size-mismatch' | 'zip-too-large' | 'zip-too-many-entries' | 'zip-unsafe-entry' | 'zip-unsupported'
  | CodecErrorCode
  | PluginCallErrorCode;

/** Codes of CodecError: a payload that cannot be encoded or decoded. */
export type CodecErrorCode =
  | 'codec-truncated'
  | 'codec-negative-length'
  | 'codec-length-overflow'
  | 'codec-invalid-utf8'
  | 'codec-trailing-bytes'
  | 'codec-invalid-json'
  | 'codec-value-type'
  | 'codec-signature';

/** Codes of PluginCallError: `plugin-` and how the call ended (CallFailureKind in the host). */
export type PluginCallErrorCode =
  | 'plugin-trap'
  | 'plugin-plugin-error'
  | 'plugin-exit-code'
  | 'plugin-timeout'
  | 'plugin-memory-limit'
  | 'plugin-output-limit'
  | 'plugin-crash'
  | 'plugin-link-error'
  | 'plugin-init-failed'
  | 'plugin-missing-export';
