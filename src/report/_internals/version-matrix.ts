import { semver } from '../../_internals/lazy-semver.js';
import type { RunReport } from '../../model/result.js';

export type VersionCell = 'pass' | 'fail' | 'not run';

export interface VersionMatrix {
  /** One column per suite type and version, types in order, versions ascending. */
  readonly columns: readonly { readonly type: string; readonly version: string }[];
  readonly rows: readonly {
    readonly label: string;
    readonly cells: readonly VersionCell[];
    /** The plugin's claims as written (`^1.2`), `newest` when it made none. */
    readonly claims: readonly string[];
    /** Claims no given suite satisfied. */
    readonly unsatisfied: readonly string[];
  }[];
}

/**
 * The keg × suite-version matrix of a run: shown when the run chose suites by
 * conformance claims or was given several versions of a type; else undefined.
 */
export function versionMatrix(report: RunReport): VersionMatrix | undefined {
  const versionsByType = new Map<string, Set<string>>();
  for (const s of report.suites) versionsByType.set(s.suite.type, (versionsByType.get(s.suite.type) ?? new Set()).add(s.suite.version));
  const several = [...versionsByType.values()].some((v) => v.size > 1);
  if (!several && (report.claims === undefined || report.claims.length === 0)) return undefined;
  const byVersion = (a: string, b: string): number => (semver().valid(a) !== null && semver().valid(b) !== null ? semver().compare(a, b) : a < b ? -1 : 1);
  const columns = [...versionsByType.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([type, versions]) => [...versions].sort(byVersion).map((version) => ({ type, version })));
  const rows = new Map<string, { label: string; cells: VersionCell[]; claims: string[]; unsatisfied: string[] }>();
  const row = (kegSource: string, label: string): { label: string; cells: VersionCell[]; claims: string[]; unsatisfied: string[] } => {
    const key = `${kegSource}\u0000${label}`;
    let found = rows.get(key);
    if (found === undefined) {
      found = { label, cells: columns.map((): VersionCell => 'not run'), claims: [], unsatisfied: [] };
      rows.set(key, found);
    }
    return found;
  };
  for (const s of report.suites) {
    const index = columns.findIndex((c) => c.type === s.suite.type && c.version === s.suite.version);
    for (const p of s.plugins) {
      const r = row(p.keg.source, `${p.keg.name}:${p.plugin.name}`);
      const before = r.cells[index];
      r.cells[index] = before === 'fail' || p.verdict === 'fail' ? 'fail' : 'pass';
    }
  }
  for (const c of report.claims ?? []) {
    const r = row(c.kegSource, `${c.keg}:${c.plugin}`);
    const text = c.range === undefined ? 'newest' : `${c.type.split('.').at(-1) ?? c.type}@${c.range}`;
    if (!r.claims.includes(text)) r.claims.push(text);
    if (c.range !== undefined && c.suiteVersion === undefined) r.unsatisfied.push(text);
  }
  return { columns, rows: [...rows.values()] };
}

const MARK: Record<VersionCell, string> = { pass: '✅ pass', fail: '❌ fail', 'not run': '—' };

/** The matrix as a Markdown section (no lines when there is none); `cell` escapes table text. */
export function versionMatrixMarkdown(report: RunReport, cell: (text: string) => string): string[] {
  const m = versionMatrix(report);
  if (m === undefined) return [];
  const out = ['### Kegs × suite versions', ''];
  out.push(`| Keg:plugin | ${m.columns.map((c) => cell(`${c.type}@${c.version}`)).join(' | ')} | Claims |`, `|---|${m.columns.map(() => '---|').join('')}---|`);
  for (const r of m.rows) {
    const claims = r.claims.map((c) => (r.unsatisfied.includes(c) ? `${cell(c)} ⚠️ no suite satisfies it` : cell(c))).join(', ');
    out.push(`| ${cell(r.label)} | ${r.cells.map((c) => MARK[c]).join(' | ')} | ${claims} |`);
  }
  out.push('');
  return out;
}

/** The matrix as an HTML section ('' when there is none); `esc` escapes text. */
export function versionMatrixHtml(report: RunReport, esc: (text: string) => string): string {
  const m = versionMatrix(report);
  if (m === undefined) return '';
  const head = m.columns.map((c) => `<th data-type="${esc(c.type)}" data-version="${esc(c.version)}">${esc(c.type)}<br>${esc(c.version)}</th>`).join('');
  const body = m.rows
    .map((r) => {
      const cells = r.cells.map((c) => `<td class="${c === 'not run' ? 'untested' : c}" data-verdict="${c}">${c === 'not run' ? '—' : c.toUpperCase()}</td>`).join('');
      const claims = r.claims.map((c) => (r.unsatisfied.includes(c) ? `<span class="fail" data-unsatisfied="${esc(c)}">${esc(c)} (no suite satisfies it)</span>` : esc(c))).join(', ');
      return `<tr data-row="${esc(r.label)}"><th>${esc(r.label)}</th>${cells}<td>${claims}</td></tr>`;
    })
    .join('');
  return `<h2>Kegs × suite versions</h2><table class="matrix versions" id="suite-versions"><thead><tr><th>keg:plugin</th>${head}<th>claims</th></tr></thead><tbody>${body}</tbody></table>`;
}
