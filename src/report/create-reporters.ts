import { KegcheckError } from '../kegcheck-error.js';
import { createConsoleReporter } from './console-reporter.js';
import { createGithubReporter } from './github-reporter.js';
import { createHtmlReporter } from './html-reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { createJunitReporter } from './junit-reporter.js';
import { createMarkdownReporter } from './markdown-reporter.js';
import type { Reporter, ReporterContext } from './reporter.js';

const FACTORIES: Readonly<Record<string, (context: ReporterContext) => Reporter>> = {
  console: (context) => createConsoleReporter(context),
  json: createJsonReporter,
  junit: createJunitReporter,
  markdown: createMarkdownReporter,
  github: createGithubReporter,
  html: createHtmlReporter,
};

/** Names accepted by `--reporter`, in the order they are listed to users. */
export const REPORTER_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * Builds the reporters named by `--reporter` (duplicates collapse, order kept).
 * Throws KegcheckError `unknown-reporter` naming the valid reporters.
 */
export function createReporters(names: readonly string[], context: ReporterContext): Reporter[] {
  const seen = new Set<string>();
  const reporters: Reporter[] = [];
  for (const name of names) {
    const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
    if (factory === undefined) {
      throw new KegcheckError('unknown-reporter', `unknown reporter '${name}'; expected one of: ${REPORTER_NAMES.join(', ')}`);
    }
    if (seen.has(name)) continue;
    seen.add(name);
    reporters.push(factory(context));
  }
  return reporters;
}
