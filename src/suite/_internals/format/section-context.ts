import { dirname } from 'node:path';
import type { Finding } from '../../../finding.js';
import { pointerToKeyPath, type TomlDocument } from '../../../_internals/toml-document.js';
import type { DeclaredAt } from '../../suite.js';

export type Table = Record<string, unknown>;

/** Records a finding at a JSON pointer into the suite; the message gets the key path in front. */
export type ReportFinding = (code: string, pointer: string, message: string, expected?: string, severity?: 'error' | 'warning') => void;

/** What every section parser reads the suite document through. */
export interface SectionContext {
  readonly doc: TomlDocument;
  readonly file: string;
  /** The folder the suite's relative paths (golden files, oracles, mocks) resolve against. */
  readonly suiteDir: string;
  /** The whole document, already valid against the suite schema. */
  readonly root: Table;
  /** `[suite]`. */
  readonly head: Table;
  /** `[host]` (empty when the suite has none). */
  readonly hostTable: Table;
  /** Every finding so far, in the order found. */
  readonly findings: Finding[];
  readonly at: (pointer: string) => DeclaredAt;
  readonly report: ReportFinding;
}

export function createSectionContext(doc: TomlDocument): SectionContext {
  const findings: Finding[] = [];
  const file = doc.file;
  const at = (pointer: string): DeclaredAt => {
    const pos = doc.locate(pointer);
    return pos === undefined ? { file } : { file, line: pos.line, column: pos.column };
  };
  const report: ReportFinding = (code, pointer, message, expected, severity = 'error') => {
    const keyPath = pointerToKeyPath(pointer);
    findings.push({
      code,
      severity,
      message: `${keyPath === '' ? 'suite' : keyPath}: ${message}`,
      ...(expected === undefined ? {} : { expected }),
      location: { ...at(pointer), pointer, keyPath },
    });
  };
  const root = doc.value;
  return { doc, file, suiteDir: dirname(file), root, head: root['suite'] as Table, hostTable: (root['host'] ?? {}) as Table, findings, at, report };
}
