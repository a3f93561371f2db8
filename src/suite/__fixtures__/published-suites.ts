import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSuite } from '../load-suite.js';
import type { Suite } from '../suite.js';

// The suites the tests that compare two ways of running properties go over:
// every published suite and the suite package's copy.

/** The repository's root folder. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Every published suite file, sorted, then the suite package's. */
export async function publishedSuiteFiles(): Promise<string[]> {
  const published = (await readdir(join(REPO, 'conformance'))).filter((n) => n.endsWith('.suite.toml')).map((n) => join(REPO, 'conformance', n));
  return [...published.sort(), join(REPO, 'fixtures/suite-packages/vowelcounter-suite/suites/vowelcounter.suite.toml')];
}

/** The suite in `file`; its findings thrown when it does not load. */
export async function suiteAt(file: string): Promise<Suite> {
  const loaded = await loadSuite(file);
  if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded.findings, null, 2));
  return loaded.suite;
}

/** A JSON report with what differs from run to run (timings, timestamps) set to 0. */
export function normalisedReport(text: string): unknown {
  return JSON.parse(text.replace(/stopped after \d+ ms/g, 'stopped after N ms'), (key, value: unknown) => (key === 'durationMs' || key === 'elapsedMs' || key === 'startedAt' || key === 'finishedAt' || key === 'durationMsTotal' ? 0 : value));
}
