import { KegcheckError } from '../kegcheck-error.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';

type Factory = (context: ReporterContext) => Reporter;

// Each reporter's module loads only when it is asked for: a run with the
// default reporters does not load the HTML, JUnit, Markdown or GitHub ones.
const FACTORIES = {
  console: async (): Promise<Factory> => (await import('./console-reporter.js')).createConsoleReporter,
  json: async (): Promise<Factory> => (await import('./json-reporter.js')).createJsonReporter,
  junit: async (): Promise<Factory> => (await import('./junit-reporter.js')).createJunitReporter,
  markdown: async (): Promise<Factory> => (await import('./markdown-reporter.js')).createMarkdownReporter,
  github: async (): Promise<Factory> => (await import('./github-reporter.js')).createGithubReporter,
  html: async (): Promise<Factory> => (await import('./html-reporter.js')).createHtmlReporter,
} as const satisfies Readonly<Record<string, () => Promise<Factory>>>;

/** A reporter name `--reporter` accepts. */
export type ReporterName = keyof typeof FACTORIES;

/** Names accepted by `--reporter`, in the order they are listed to users. */
export const REPORTER_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * Builds the reporters named by `--reporter` (duplicates collapse, order kept).
 * Throws KegcheckError `unknown-reporter` naming the valid reporters.
 */
export async function createReporters(names: readonly string[], context: ReporterContext): Promise<Reporter[]> {
  const seen = new Set<string>();
  const reporters: Reporter[] = [];
  for (const name of names) {
    const load = Object.hasOwn(FACTORIES, name) ? FACTORIES[name as ReporterName] : undefined;
    if (load === undefined) {
      throw new KegcheckError('unknown-reporter', `unknown reporter '${name}'; expected one of: ${REPORTER_NAMES.join(', ')}`);
    }
    if (seen.has(name)) continue;
    seen.add(name);
    reporters.push((await load())(context));
  }
  return reporters;
}
