import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '../finding.js';
import type { Suite } from './suite.js';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Findings for files a packaged suite needs that lie outside its package
 * (`root`, a real path): they would not be in the published tarball. Oracles,
 * reference kegs and golden files outside are errors (`suite-package-path`);
 * `[suite] fixtures` outside are warnings, since only `kegcheck start` in the
 * owner's repository uses them.
 */
export function checkPackagePaths(suite: Suite, root: string): Finding[] {
  const findings: Finding[] = [];
  const check = (path: string | undefined, what: string, at: { file: string; line?: number; column?: number }, severity: 'error' | 'warning' = 'error'): void => {
    if (path === undefined || inside(root, real(path))) return;
    findings.push({
      code: 'suite-package-path',
      severity,
      message: `${what} ${path} is outside the suite package ${root}: it would not be published with it`,
      expected: 'a path inside the package folder (listed in package.json "files")',
      location: at,
    });
  };
  const head = { file: suite.file };
  check(suite.reference, '[suite] reference', head);
  for (const fixture of suite.fixtures) check(fixture, '[suite] fixtures entry', head, 'warning');
  for (const p of suite.properties) {
    check(p.oracle, `property "${p.name}": oracle`, p.at);
    check(p.reference, `property "${p.name}": reference`, p.at);
  }
  for (const c of suite.cases) for (const step of c.steps) if (step.expect.kind === 'file') check(step.expect.path, `case "${c.name}": expect.file`, step.at);
  return findings;
}
