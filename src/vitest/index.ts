// The `kegcheck/vitest` entry: conformance suites as vitest tests.
export { kegSuite, type KegSuiteOptions } from './keg-suite.js';
