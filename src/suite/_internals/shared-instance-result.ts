import { describeBytes, describeValues } from '../../codec/describe.js';
import { valuesToJson } from '../../codec/values-json.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { CheckStatus, PropertyCheckResult } from '../../model/result.js';
import type { SuiteFunction } from '../suite.js';
import { sequenceLines } from './sequence-report.js';
import { SHARED_PATH_PREFIX } from './shared-instance-shrink.js';

export interface SequenceFailure {
  readonly message: string;
  readonly status?: CheckStatus;
  readonly diff?: { readonly expected: string; readonly actual: string };
  readonly output?: Uint8Array;
}

type Verdict = Pick<PropertyCheckResult, 'status' | 'message' | 'diff' | 'counterexample' | 'replayPath' | 'prints' | 'logs' | 'staticReads'>;

/**
 * A failure that needs earlier runs on the same instance: the message says
 * so, lists the sequence (the failing run last), and the replay path names
 * the runs so `--replay-path shared:...` runs exactly them on one instance.
 */
export function sharedInstanceVerdict(fn: SuiteFunction, runs: readonly number[], values: readonly unknown[], failure: SequenceFailure, lastCall: CallResult | undefined, dropped: number): Verdict {
  const failing = values.at(-1);
  const earlier = values.length - 1;
  const steps = values.map((v, i) => ({
    fn: fn.name,
    input: fn.input.kind === 'raw' && fn.input.framing === 'none' ? '' : JSON.stringify(valuesToJson(v)),
    ...(i === earlier ? { failed: true, ...(failure.diff === undefined ? {} : { expected: failure.diff.expected, actual: failure.diff.actual }) } : {}),
  }));
  return {
    status: failure.status ?? 'fail',
    message: [
      failure.message,
      `fails only after ${earlier} earlier call${earlier === 1 ? '' : 's'} on the same instance (the same input passes on a fresh instance);`,
      `the shortest sequence found (${dropped} earlier run${dropped === 1 ? '' : 's'} dropped), on one instance:`,
      sequenceLines(steps),
    ].join('\n'),
    ...(failure.diff === undefined ? {} : { diff: failure.diff }),
    counterexample: {
      values: valuesToJson(failing),
      hex: describeValues(fn.input, failing),
      shrinks: dropped,
      ...(failure.output === undefined ? {} : { outputHex: describeBytes(fn.output, failure.output) }),
    },
    replayPath: `${SHARED_PATH_PREFIX}${runs.join(',')}`,
    ...(lastCall === undefined ? {} : { prints: lastCall.prints, logs: lastCall.logs, staticReads: lastCall.staticReads }),
  };
}
