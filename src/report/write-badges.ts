import { semver } from '../_internals/lazy-semver.js';
import type { RunReport } from '../model/result.js';
import { writeReportFile } from './_internals/write-report-file.js';

/** A shields.io endpoint document (https://shields.io/badges/endpoint-badge). */
export interface EndpointBadge {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: 'brightgreen' | 'yellow' | 'red';
}

const shortType = (type: string): string => type.split('.').at(-1) ?? type;
const majorMinor = (version: string): string => {
  const v = semver().parse(version);
  return v === null ? version : `${v.major}.${v.minor}`;
};

/**
 * One badge per keg of the report, keyed by keg name: for each plugin type,
 * the newest suite version every plugin of that type in the keg passed
 * (`conforms to vowelcounter 1.3`), or the newest it was run against and failed.
 */
export function badgesOf(report: RunReport): Map<string, EndpointBadge> {
  // keg name -> type -> version -> all passed?
  const table = new Map<string, Map<string, Map<string, boolean>>>();
  for (const suite of report.suites) {
    for (const p of suite.plugins) {
      const types = table.get(p.keg.name) ?? new Map<string, Map<string, boolean>>();
      table.set(p.keg.name, types);
      const versions = types.get(suite.suite.type) ?? new Map<string, boolean>();
      types.set(suite.suite.type, versions);
      versions.set(suite.suite.version, (versions.get(suite.suite.version) ?? true) && p.verdict === 'pass');
    }
  }
  const out = new Map<string, EndpointBadge>();
  for (const [keg, types] of table) {
    const passed: string[] = [];
    const failed: string[] = [];
    for (const [type, versions] of [...types].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sorted = semver().rsort([...versions.keys()].filter((v) => semver().valid(v) !== null));
      const best = sorted.find((v) => versions.get(v) === true);
      if (best !== undefined) passed.push(`${shortType(type)} ${majorMinor(best)}`);
      else failed.push(`${shortType(type)} ${majorMinor(sorted[0] ?? '?')}`);
    }
    const message = [passed.length > 0 ? `conforms to ${passed.join(', ')}` : '', failed.length > 0 ? `fails ${failed.join(', ')}` : ''].filter((s) => s !== '').join('; ');
    out.set(keg, { schemaVersion: 1, label: 'kegcheck', message, color: failed.length === 0 ? 'brightgreen' : passed.length === 0 ? 'red' : 'yellow' });
  }
  return out;
}

/** Writes `<keg>.json` endpoint badges into `dir` (names made file-safe) and returns their paths. */
export async function writeBadges(report: RunReport, dir: string): Promise<string[]> {
  const used = new Set<string>();
  const written: string[] = [];
  for (const [keg, badge] of badgesOf(report)) {
    const base = keg.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'keg';
    let name = `${base}.json`;
    for (let i = 2; used.has(name); i += 1) name = `${base}-${i}.json`;
    used.add(name);
    written.push(await writeReportFile(dir, name, `${JSON.stringify(badge, null, 2)}\n`));
  }
  return written;
}
