import type { PropertyCheck } from '../../suite.js';
import { conformsCheck } from './conforms.js';
import { deterministicCheck } from './deterministic.js';
import { matchesReferenceCheck } from './matches-reference.js';
import { oracleCheck } from './oracle.js';
import type { PerCallCheck, PerCallCheckName } from './per-call-check.js';
import { roundtripCheck } from './roundtrip.js';

/** Every per-call property check by its `check` name; a new one is a file and a line here. */
export const PER_CALL_CHECKS: { readonly [K in PerCallCheckName]: PerCallCheck } = {
  roundtrip: roundtripCheck,
  conforms: conformsCheck,
  deterministic: deterministicCheck,
  oracle: oracleCheck,
  matches_reference: matchesReferenceCheck,
};

export function isPerCallCheck(check: PropertyCheck): check is PerCallCheckName {
  return Object.hasOwn(PER_CALL_CHECKS, check);
}
