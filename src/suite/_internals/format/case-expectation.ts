import { isAbsolute, relative, resolve } from 'node:path';
import type { Signature } from '../../../codec/signature.js';
import type { Expectation, SuiteFunction, SuiteValue } from '../../suite.js';
import { expectedOutcome } from '../expected-outcome.js';
import { hexToBytes, toJsonValue } from '../suite-values.js';
import type { ReportFinding, Table } from './section-context.js';
import { convertFields } from './step-values.js';

/**
 * A case's `expect = { … }` checked against what the function returns:
 * json, text, bytes, packed returns, an error pattern, a golden file, or an
 * outcome. Undefined after reporting a problem.
 */
export function convertExpect(report: ReportFinding, suiteDir: string, fn: SuiteFunction, expect: Table, pointer: string): Expectation | undefined {
  if (expect['outcome'] !== undefined) return expectedOutcome(expect, pointer, report);
  const [kind, value] = Object.entries(expect)[0] as [string, unknown];
  const p = `${pointer}/${kind}`;
  const rawOut = fn.output.kind === 'raw' ? fn.output.framing : undefined;
  switch (kind) {
    case 'json':
      if (rawOut !== 'json') {
        report('suite-expect', p, `function '${fn.name}' does not return json`, describeOutputExpectations(fn.output));
        return undefined;
      }
      return { kind: 'json', value: jsonForCompare(toJsonValue(value)) };
    case 'text':
      if (rawOut === undefined || rawOut === 'none') {
        report('suite-expect', p, `function '${fn.name}' does not return raw text`, describeOutputExpectations(fn.output));
        return undefined;
      }
      return { kind: 'text', text: value as string };
    case 'bytes': {
      const bytes = hexToBytes((value as { hex: string }).hex);
      if (bytes === undefined) {
        report('suite-expect', `${p}/hex`, 'not an even number of hex digits', 'pairs of hex digits, optionally separated by spaces or _');
        return undefined;
      }
      return { kind: 'bytes', bytes };
    }
    case 'returns': {
      if (fn.output.kind !== 'packed') {
        report('suite-expect', p, `function '${fn.name}' has raw output, not packed returns`, describeOutputExpectations(fn.output));
        return undefined;
      }
      const values = convertFields(report, fn.output.fields, value as unknown[], p);
      return values === undefined ? undefined : { kind: 'returns', values };
    }
    case 'error': {
      try {
        return { kind: 'error', pattern: new RegExp(value as string), source: value as string };
      } catch (error) {
        report('suite-regex', p, `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, 'a JavaScript regular expression');
        return undefined;
      }
    }
    case 'file': {
      const relativePath = value as string;
      const path = resolve(suiteDir, relativePath);
      const rel = relative(suiteDir, path);
      if (isAbsolute(relativePath) || rel.startsWith('..')) {
        report('suite-golden-path', p, `golden file '${relativePath}' is outside the suite's folder`, 'a path relative to the suite file, inside its folder');
        return undefined;
      }
      return { kind: 'file', path, relative: relativePath };
    }
    default:
      return undefined;
  }
}

function describeOutputExpectations(output: Signature): string {
  if (output.kind === 'packed') return 'expect = { returns = [...] }, bytes, error or file';
  if (output.framing === 'json') return 'expect = { json = … }, text, bytes, error or file';
  if (output.framing === 'none') return 'expect = { bytes = { hex = "" } }, error or file';
  return 'expect = { text = "…" }, bytes, error or file';
}

// JSON from TOML may hold bigints (integers beyond 2^53 from a lenient parser); comparisons use JSON numbers.
function jsonForCompare(value: SuiteValue): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}
