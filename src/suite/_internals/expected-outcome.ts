import type { CallResult } from '../../host/plugin-spec.js';
import { EXPECTED_OUTCOMES, type CaseStep, type ExpectedOutcome, type Expectation } from '../suite.js';
import type { Mismatch } from './compare-output.js';
import type { SuiteFindingCode } from '../../finding-code.js';

type Report = (code: SuiteFindingCode, pointer: string, message: string, expected?: string) => void;

/**
 * `expect = { outcome = "<kind>", error = "<regex>" }` from a schema-valid
 * table. The schema already limits `outcome` to the host's kinds; what it
 * cannot say is that `error` means nothing on an `ok` outcome, or that the
 * regex must compile.
 */
export function expectedOutcome(expect: Readonly<Record<string, unknown>>, pointer: string, report: Report): Expectation | undefined {
  const outcome = expect['outcome'] as string;
  if (!(EXPECTED_OUTCOMES as readonly string[]).includes(outcome)) {
    report('suite-expect', `${pointer}/outcome`, `'${outcome}' is not an outcome the host reports`, `one of ${JSON.stringify(EXPECTED_OUTCOMES)}`);
    return undefined;
  }
  const source = expect['error'];
  if (source === undefined) return { kind: 'outcome', outcome: outcome as ExpectedOutcome };
  if (outcome === 'ok') {
    report('suite-expect', `${pointer}/error`, 'a call that must succeed has no error message to match', `an outcome other than "ok" (one of ${JSON.stringify(EXPECTED_OUTCOMES.filter((o) => o !== 'ok'))}), or no error`);
    return undefined;
  }
  try {
    return { kind: 'outcome', outcome: outcome as ExpectedOutcome, pattern: new RegExp(source as string), source: source as string };
  } catch (error) {
    report('suite-regex', `${pointer}/error`, `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, 'a JavaScript regular expression');
    return undefined;
  }
}

/** Why a call's result does not end as `expect.outcome` says; undefined when it does. */
export function outcomeMismatch(expect: Extract<Expectation, { kind: 'outcome' }>, result: CallResult): Mismatch | undefined {
  const message = result.kind === 'ok' ? undefined : result.message;
  const wanted = expect.source === undefined ? expect.outcome : `${expect.outcome} with an error matching /${expect.source}/`;
  if (result.kind !== expect.outcome) {
    return {
      message: `expected outcome ${expect.outcome}, the call ended ${result.kind}${message === undefined ? '' : `: ${message}`}`,
      diff: { expected: wanted, actual: message === undefined ? result.kind : `${result.kind}: ${message}` },
    };
  }
  if (expect.pattern !== undefined && !expect.pattern.test(message ?? '')) {
    return { message: `the ${expect.outcome} message does not match /${expect.source ?? ''}/`, diff: { expected: `/${expect.source ?? ''}/`, actual: message ?? '' } };
  }
  return undefined;
}

/** True when every step of a case demands this outcome (such cases run even where interface checks would skip them). */
export function expectsOnly(steps: readonly CaseStep[], outcome: ExpectedOutcome): boolean {
  return steps.length > 0 && steps.every((s) => s.expect.kind === 'outcome' && s.expect.outcome === outcome);
}
