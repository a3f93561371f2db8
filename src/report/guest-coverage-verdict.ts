import { guestBlockPercent, type GuestCoverage } from '../model/guest-coverage.js';

/** What `--coverage` adds to a run's outcome: a line per plugin run uninstrumented, and the `--min-guest-coverage` threshold. */
export function guestCoverageVerdict(coverage: GuestCoverage, minPercent: number | undefined): { pass: boolean; percent: number; messages: string[] } {
  const messages: string[] = [];
  for (const p of coverage.plugins) {
    if (p.status === 'coverage-unavailable') messages.push(`${p.keg}:${p.plugin}: coverage-unavailable (${p.reason}); it ran uninstrumented`);
    else for (const w of p.warnings ?? []) messages.push(`${p.keg}:${p.plugin}: warning: ${w}`);
  }
  const percent = guestBlockPercent(coverage);
  const pass = minPercent === undefined || percent >= minPercent;
  if (!pass) messages.push(`guest coverage ${percent.toFixed(1)} % of blocks is below --min-guest-coverage ${minPercent} %`);
  return { pass, percent, messages };
}
