import { createColors } from 'picocolors';
import { formatLocation } from '../kegcheck-error.js';
import type { Finding } from '../finding.js';
import type { KegValidation } from './validate-keg.js';

type Colors = ReturnType<typeof createColors>;

/** Human-readable lines for one validated keg: a header, then its findings as file:line:col. */
export function formatValidation(result: KegValidation, options: { color?: boolean } = {}): string {
  const c = createColors(options.color === true);
  const lines: string[] = [];
  switch (result.status) {
    case 'clean':
    case 'findings': {
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      const warnings = result.findings.length - errors;
      const plugins = result.plugins.map((p) => `${p.name}: ${p.type}`).join(', ');
      const what = `${result.source} (${result.name}${result.version === '' ? '' : ` ${result.version}`})`;
      const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter((s) => s !== '').join(', ');
      lines.push(
        result.status === 'clean'
          ? `${c.green('ok')}    ${what}: ${plural(result.plugins.length, 'plugin')}${plugins === '' ? '' : ` (${plugins})`}${counts === '' ? '' : `, ${counts}`}`
          : `${c.red('FAIL')}  ${what}: ${counts}`,
      );
      break;
    }
    case 'refused':
      lines.push(`${c.red('FAIL')}  ${result.source}: refused`);
      break;
    case 'error':
      lines.push(`${c.red('ERROR')} ${result.source}: ${result.error.message} [${result.error.code}]`);
      return `${lines.join('\n')}\n`;
  }
  for (const finding of result.findings) lines.push(...formatFinding(finding, c));
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: Finding, c: Colors): string[] {
  const severity = finding.severity === 'error' ? c.red('error') : c.yellow('warning');
  const out = [`      ${formatLocation(finding.location)}: ${severity}: ${finding.message} ${c.dim(`[${finding.code}]`)}`];
  if (finding.expected !== undefined) out.push(`        expected: ${finding.expected}`);
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
