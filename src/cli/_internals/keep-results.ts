import type { Reporter } from '../../model/reporter.js';
import type { KeepResults } from '../../suite/run-suite.js';

/**
 * How much of the plugin results a run must keep until its end: all of them
 * when a reporter renders from the whole report (HTML, Markdown, GitHub),
 * else each plugin's verdict and coverage when the command reads them after
 * the run (badges, --require-coverage), else none (console, JSON and JUnit
 * stream), so memory stays flat however many kegs run.
 */
export function keepResultsFor(reporters: readonly Reporter[], needVerdicts: boolean): KeepResults {
  if (reporters.some((r) => r.streams !== true)) return 'all';
  return needVerdicts ? 'verdicts' : 'none';
}
