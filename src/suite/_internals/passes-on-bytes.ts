import type { Signature } from '../../codec/signature.js';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { PropertyCheck, SuiteFunction } from '../suite.js';
import { equalBytes } from './compare-output.js';

/** Whether one run's answers already settle it as passing; false leaves the verdict to the full check. */
export type PassesOnBytes = (calls: { readonly plugin: readonly CallRequest[] }, mine: readonly CallResult[], theirs: readonly CallResult[] | undefined) => boolean;

// Most runs of a passing property pass, and for three checks a pass can be seen
// on the bytes alone, without decoding or rendering anything. It is only a
// sufficient condition: whatever it does not accept goes through the check
// itself, which alone words a failure.
export function passesOnBytes(check: PropertyCheck, fn: Pick<SuiteFunction, 'input' | 'output'>): PassesOnBytes | undefined {
  switch (check) {
    case 'roundtrip':
      // The input was encoded from generated values, which the codec decodes
      // back to equal values (codec.property.test.ts); output bytes equal to the
      // input decode to them too, but only under the same layout.
      if (!sameLayout(fn.input, fn.output)) return undefined;
      return (calls, mine) => {
        const sent = calls.plugin[0];
        const got = mine[0];
        return mine.length === 1 && sent !== undefined && got?.kind === 'ok' && equalBytes(got.output, sent.input);
      };
    case 'deterministic':
      return (_calls, mine) => {
        const [a, b] = mine;
        return mine.length === 2 && a?.kind === 'ok' && b?.kind === 'ok' && equalBytes(a.output, b.output);
      };
    case 'matches_reference':
      // Equal bytes decode (or fail to decode) alike, and equal values are equal under any tolerance.
      return (_calls, mine, theirs) => {
        const a = mine[0];
        const b = theirs?.[0];
        return mine.length === 1 && theirs?.length === 1 && a?.kind === 'ok' && b?.kind === 'ok' && equalBytes(a.output, b.output);
      };
    default:
      return undefined;
  }
}

function sameLayout(a: Signature, b: Signature): boolean {
  if (a.kind === 'raw') return b.kind === 'raw' && a.framing === b.framing;
  if (b.kind === 'raw') return false;
  return a.fields.length === b.fields.length && a.fields.every((field, i) => field.type === b.fields[i]?.type);
}
