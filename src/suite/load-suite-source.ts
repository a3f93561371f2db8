import { readSuiteFile, type SuiteLoadResult } from './_internals/parse-suite-text.js';
import { checkPackagePaths } from './check-package-paths.js';
import { resolveSuiteSource } from './resolve-suite-source.js';
import type { SuitePackageRef } from './suite-package.js';

/**
 * Resolves a suite argument (file, folder, suite package folder or installed
 * package name, see resolveSuiteSource) and loads every suite it names; loaded
 * suites carry the package they came from, so reports name it. A packaged
 * suite that needs a file outside its package (an oracle, a reference keg, a
 * golden file) comes back invalid (`suite-package-path`).
 */
export async function loadSuiteSource(arg: string, options: { readonly cwd?: string } = {}): Promise<{ readonly package?: SuitePackageRef; readonly results: readonly SuiteLoadResult[] }> {
  const source = await resolveSuiteSource(arg, options.cwd ?? process.cwd());
  const from = source.package === undefined ? undefined : { name: source.package.name, version: source.package.version };
  const results: SuiteLoadResult[] = [];
  for (const file of source.files) {
    const loaded = await readSuiteFile(file);
    if (loaded.kind !== 'ok' || source.package === undefined || from === undefined) {
      results.push(loaded);
      continue;
    }
    const outside = checkPackagePaths(loaded.suite, source.package.root);
    const findings = [...loaded.findings, ...outside];
    results.push(outside.some((f) => f.severity === 'error') ? { kind: 'invalid', file: loaded.suite.file, findings } : { kind: 'ok', suite: { ...loaded.suite, package: from }, findings });
  }
  return from === undefined ? { results } : { package: from, results };
}
