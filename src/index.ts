// The public API of kegcheck. Named exports only; each stage adds its own lines.
export { KegcheckError, formatLocation, isKegcheckError, type SourceLocation } from './kegcheck-error.js';
export type { Finding } from './finding.js';
export { KEGCHECK_VERSION, EXTISM_VERSION } from './version.js';
export * from './model/result.js';
export { loadSuite, parseSuite, SUITE_SCHEMA, type SuiteLoadResult } from './suite/load-suite.js';
export { runSuite, randomSeed, type RunSuiteOptions, type SuiteTarget } from './suite/run-suite.js';
export { plannedPlugins } from './suite/run-suite.js';
export { planRun, runSuites, type RunOutcome, type RunSuitesOptions, type SuitePlan } from './suite/run-suites.js';
export { findSuiteFiles } from './suite/find-suite-files.js';
export { resolveSuiteSource, suiteNameOf, type SuiteSource } from './suite/resolve-suite-source.js';
export { loadSuiteSource } from './suite/load-suite-source.js';
export { locateSuitePackage, parseSuitePackageSpec, readSuitePackage, type SuitePackage, type SuitePackageRef } from './suite/suite-package.js';
export { scaffoldSuitePackage } from './suite/scaffold-suite-package.js';
export { checkPackagePaths } from './suite/check-package-paths.js';
export { diffSuites, bumpCovers, shownBump, type Bump, type BumpLevel, type SuiteChange, type SuiteDiff } from './suite/diff-suites.js';
export { diffSuiteSets, type SuiteSet, type SuiteSetDiff } from './suite/diff-suite-sets.js';
export { compareSchemas, type SchemaChange } from './suite/compare-schemas.js';
export { planClaimedRun, invalidClaims, type ClaimedPlan } from './suite/plan-claimed-run.js';
export { conformanceClaims, checkConformanceClaims, type ConformanceClaim } from './keg/conformance-claims.js';
export { importXtpSchema, XTP_VERSIONS, type XtpImport, type XtpImportOptions } from './suite/import-xtp-schema.js';
export { resolveRunTargets, type ResolvedTargets } from './suite/resolve-run-targets.js';
export { loadExpectedFail } from './suite/load-expected-fail.js';
export { runConformance, type ConformanceOptions } from './cli/_internals/run-conformance.js';
export { callableExports, observeOutputs, scaffoldSuite, type ObservedFailure, type ObservedOutput } from './suite/scaffold-suite.js';
export { parseShard, selectShard, type Shard, type ShardWorkItem } from './suite/shard.js';
export type { Reporter, ReporterContext, RunStartInfo } from './model/reporter.js';
export { createReporters, REPORTER_NAMES } from './report/create-reporters.js';
export { coverageGaps, type CoverageGap } from './report/coverage-gaps.js';
export { mergeReports, type MergeInput, type MergeOutcome } from './report/merge-reports.js';
export { readReportFile } from './report/read-report-file.js';
export { REPORT_SCHEMA, validateReport, isRunReport, type ReportSchemaError } from './report/validate-report.js';
export { renderJsonReport, JSON_REPORT_FILE } from './report/json-reporter.js';
export { renderJunitReport, JUNIT_REPORT_FILE } from './report/junit-reporter.js';
export { renderMarkdownSummary, MARKDOWN_REPORT_FILE } from './report/markdown-reporter.js';
export { renderHtmlReport, HTML_REPORT_FILE } from './report/html-reporter.js';
export { renderGithubAnnotations } from './report/github-reporter.js';
export { badgesOf, writeBadges, type EndpointBadge } from './report/write-badges.js';
export { replayCommand, type ReplayTarget } from './report/replay-command.js';
export type {
  ArgConstraints,
  CaseStep,
  DeclaredAt,
  Expectation,
  ExpectedFail,
  ExpectedLog,
  GoldenCase,
  HostFunctionSpec,
  HostSettings,
  PropertyCheck,
  PropertySpec,
  Suite,
  SuiteFunction,
  SuiteValue,
} from './suite/suite.js';
export type { Keg, KegPlugin } from './keg/keg.js';
export { loadKeg, KEG_REFUSAL_CODES, type LoadKegOptions } from './keg/load-keg.js';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './keg/zip-limits.js';
export { PackageStore, splitPluginName, type PackageStoreOptions } from './keg/package-store.js';
export { findKegs } from './keg/find-kegs.js';
export { validateKeg, type KegValidation } from './keg/validate-keg.js';
export { formatValidation } from './keg/format-validation.js';
export { buildPlugin, type BuildFailure, type BuildOptions, type BuildOutcome, type Toolchain } from './build/build-plugin.js';
export { assertTreeBuilt, buildTree, describeBuildFailures, findPluginSourceDirs } from './build/build-tree.js';
export { checkFreshness, FINGERPRINT_FILE, readFingerprint, type BuildFingerprint, type Freshness } from './build/build-fingerprint.js';
export { buildKeg, type KegBuildResult, type PluginBuildResult } from './build/build-keg.js';
export { packKeg, type PackOptions, type PackResult } from './build/pack-keg.js';
export {
  FIELD_TYPES,
  RAW_FRAMINGS,
  formatSignature,
  isFieldType,
  isRawFraming,
  packed,
  raw,
  type Field,
  type FieldType,
  type FieldValue,
  type RawFraming,
  type Signature,
} from './codec/signature.js';
export { CodecError, isCodecError, type CodecErrorCode, type CodecErrorDetails } from './codec/codec-error.js';
export { encode, type EncodeOptions } from './codec/encode.js';
export { decode, type DecodeOptions, type Decoded } from './codec/decode.js';
export { describeBytes, describeValues } from './codec/describe.js';
export { valuesFromJson, valuesToJson } from './codec/values-json.js';
export { equalFieldValues, equalValues, firstDifference } from './codec/equal-values.js';
export { compareRoundTrip, type RoundTripResult } from './codec/round-trip.js';
export { fieldArbitrary, signatureArbitrary, valuesArbitrary, type FieldConstraints } from './codec/arbitraries.js';
export { jsonSchemaArbitrary, SUPPORTED_KEYWORDS, SUPPORTED_FORMATS, type SchemaArbitraryResult, type SchemaProblem } from './codec/json-schema-arbitrary.js';
export { invalidInputArbitrary, MUTATION_KINDS, type BrokenRule, type InvalidInput, type MutationKind } from './codec/json-schema-mutations.js';
export {
  DEFAULT_MAX_HEAP_MB,
  DEFAULT_MAX_MEMORY_PAGES,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  type CallFailureKind,
  type CallOutcome,
  type CallRequest,
  type CallResult,
  type HostFunctionMock,
  type HttpMock,
  type HttpRequestRecord,
  type MockCall,
  type PluginSpec,
} from './host/plugin-spec.js';
export { Supervisor, type ActiveCall, type PluginLease, type RunOptions, type SupervisorErrorCode, type SupervisorOptions } from './host/supervisor.js';
export { formatPluginEcho, type PluginEcho } from './host/plugin-echo.js';
export { CoverageCollector } from './host/coverage-collector.js';
export { guestBlockPercent, type GuestBlock, type GuestCoverage, type GuestCoverageTotals, type GuestFunction, type GuestPluginCoverage } from './model/guest-coverage.js';
export { renderLcov, writeLcov, LCOV_FILE } from './report/lcov-writer.js';
export { unresolvedImports } from './host/check-imports.js';
export { PluginLoader, type PluginLoaderInit, type PluginLoaderOptions } from './host/plugin-loader.js';
export { PluginCallError } from './host/plugin-call-error.js';
