import { loadSuite, type SuiteLoadResult } from './load-suite.js';
import { resolveSuiteSource } from './resolve-suite-source.js';
import type { SuitePackageRef } from './suite-package.js';

/**
 * Resolves a suite argument (file, folder, suite package folder or installed
 * package name, see resolveSuiteSource) and loads every suite it names; loaded
 * suites carry the package they came from, so reports name it.
 */
export async function loadSuiteSource(arg: string, options: { readonly cwd?: string } = {}): Promise<{ readonly package?: SuitePackageRef; readonly results: readonly SuiteLoadResult[] }> {
  const source = await resolveSuiteSource(arg, options.cwd ?? process.cwd());
  const from = source.package === undefined ? undefined : { name: source.package.name, version: source.package.version };
  const results: SuiteLoadResult[] = [];
  for (const file of source.files) {
    const loaded = await loadSuite(file);
    results.push(loaded.kind === 'ok' && from !== undefined ? { ...loaded, suite: { ...loaded.suite, package: from } } : loaded);
  }
  return from === undefined ? { results } : { package: from, results };
}
