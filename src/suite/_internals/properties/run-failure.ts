import type { CallResult } from '../../../host/plugin-spec.js';
import type { CheckStatus } from '../../../model/result.js';
import type { SuiteFunction } from '../../suite.js';
import { decodeOutput, describeFailure, lenientNote, type Mismatch } from '../compare-output.js';
import type { CallablePlugin } from '../plugin-context.js';

/** Why one generated input failed; `output` is what came back, for the hex view. */
export interface RunFailure extends Mismatch {
  readonly status?: CheckStatus;
  readonly output?: Uint8Array;
  /** The suite's own module (an oracle) failed: the run is not the plugin's to answer for. */
  readonly userCode?: true;
}

/** Judges one run: undefined when it passed. */
export type Evaluate = (values: unknown, input: Uint8Array) => Promise<RunFailure | undefined>;

/** Runs that passed only because lenient_decode skipped trailing bytes, for the check's notes. */
export interface LenientTally {
  runs: number;
  first: string | undefined;
}

export function decodeCounted(fn: SuiteFunction, bytes: Uint8Array, tally: LenientTally): ReturnType<typeof decodeOutput> {
  const decoded = decodeOutput(fn.output, bytes, fn.lenientDecode === true);
  if (decoded.ok && decoded.trailing > 0) {
    tally.runs += 1;
    tally.first ??= lenientNote(fn, bytes, decoded.trailing);
  }
  return decoded;
}

export function lenientNotes(tally: LenientTally): { notes?: string[] } {
  return tally.first === undefined ? {} : { notes: [`${tally.first} (${tally.runs} run${tally.runs === 1 ? '' : 's'} needed it)`] };
}

/** A failed call as a run failure: the host giving up maps to its own status. */
export function callFailure(result: Exclude<CallResult, { kind: 'ok' }>, who = 'the call'): RunFailure {
  const status: CheckStatus | undefined = result.kind === 'timeout' ? 'timeout' : result.kind === 'crash' ? 'error' : undefined;
  return { message: `${who} failed: ${describeFailure(result)}`, ...(status === undefined ? {} : { status }) };
}

export async function callOne(target: CallablePlugin, calls: Parameters<CallablePlugin['call']>[0]): Promise<CallResult> {
  const [result] = await target.call(calls);
  if (result === undefined) throw new Error('the supervisor returned no result');
  return result;
}

export function decodeOrBytes(fn: SuiteFunction, output: Uint8Array): unknown {
  const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
  return decoded.ok ? decoded.value : output;
}

export function describeShape(fn: SuiteFunction): string {
  return fn.output.kind === 'raw' ? `raw ${fn.output.framing}` : `(${fn.output.fields.map((f) => `${f.name}: ${f.type}`).join(', ')})`;
}
