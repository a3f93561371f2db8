import fc from 'fast-check';
import { describeBytes, describeValues } from '../../codec/describe.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { PropertyCheckResult, CheckStatus } from '../../model/result.js';
import type { PropertySpec } from '../suite.js';
import { equalBytes } from './compare-output.js';
import type { InputRange } from './input-range.js';
import type { PluginRunContext } from './plugin-context.js';
import { sequenceLines } from './sequence-report.js';
import { sharedReplayRuns } from './shared-instance-shrink.js';
import { renderResult, reportStep, sequenceCalls, stepArbitrary, stepsJson, type Step } from './sequence-steps.js';

type Base = Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>;

interface Leak {
  readonly steps: readonly Step[];
  readonly at: number;
  readonly inSequence: CallResult | undefined;
  readonly alone: CallResult | undefined;
}

// Two answers agree when both returned the same bytes, or both failed the same way.
function agree(a: CallResult | undefined, b: CallResult | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.kind === 'ok' || b.kind === 'ok') return a.kind === 'ok' && b.kind === 'ok' && equalBytes(a.output, b.output);
  return a.kind === b.kind && a.message === b.message;
}

function hostGaveUp(r: CallResult | undefined): CheckStatus | undefined {
  if (r?.kind === 'timeout') return 'timeout';
  if (r?.kind === 'crash' || r?.kind === 'memory-limit') return 'error';
  return undefined;
}

/**
 * `check = "isolated"`: each run is a generated sequence of calls (of
 * `functions`) ending with one of the property's function, made on one
 * instance; every call of the function after the first call must answer as
 * the same call does on a fresh instance. State that
 * leaks from one call into the next shows without a model. fast-check shrinks
 * the sequence; its path replays it exactly.
 */
export async function runIsolatedProperty(ctx: PluginRunContext, p: PropertySpec, base: Base, range?: InputRange): Promise<PropertyCheckResult> {
  const started = performance.now();
  const seq = p.sequence;
  if (seq === undefined) return { ...base, status: 'error', durationMs: 0, message: 'internal: an isolated property without its sequence settings' };
  const before = stepArbitrary(ctx, seq, seq.functions, range);
  const last = stepArbitrary(ctx, seq, [p.function], range);
  const arbitrary = fc.tuple(fc.array(before, { minLength: 1, maxLength: Math.max(1, seq.maxSteps - 1), size: 'max' }), last).map(([b, l]) => [...b, l]);
  let executed = 0;
  let leak: Leak | undefined;
  // After the host gave up (a timeout), shrinking would pay the deadline per attempt.
  let stop = false;
  const property = fc.asyncProperty(arbitrary, async (steps) => {
    if (stop) return true;
    executed += 1;
    // Only the property's function must not depend on history; the others (say, an add
    // before a measure) may, and only set the instance up.
    const judged = steps.flatMap((s, i) => (i > 0 && s.fn.name === p.function ? [i] : []));
    const alone = judged.map((i) => steps[i] as Step);
    const results = await ctx.target.call([...sequenceCalls(ctx, p, steps), ...sequenceCalls(ctx, p, alone, () => true)]);
    for (const [k, i] of judged.entries()) {
      const inSequence = results[i];
      const fresh = results[steps.length + k];
      if (agree(inSequence, fresh)) continue;
      leak = { steps: steps.slice(0, i + 1), at: i, inSequence, alone: fresh };
      if (hostGaveUp(inSequence) !== undefined || hostGaveUp(fresh) !== undefined) stop = true;
      return false;
    }
    return true;
  });
  const details = await fc.check(property, {
    seed: ctx.seed,
    numRuns: ctx.runs ?? p.runs,
    // A shared: path names runs of a single-call property; a sequence property replays fast-check paths only.
    ...(ctx.replayPath === undefined || sharedReplayRuns(ctx.replayPath) !== undefined ? {} : { path: ctx.replayPath, endOnFailure: true }),
  });
  ctx.coverage.countPropertyRuns(p.function, executed);
  const common = { ...base, seed: details.seed, runs: executed, durationMs: performance.now() - started };
  if (!details.failed) return { ...common, status: 'pass' };
  if (leak === undefined) return { ...common, status: 'error', message: `the property itself failed: ${String(details.errorInstance)}`, ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }) };
  const { steps, at, inSequence, alone } = leak;
  const failing = steps[at] as Step;
  const expected = renderResult(failing.fn, alone);
  const actual = renderResult(failing.fn, inSequence);
  const lines = steps.map((s, i) => reportStep(s, i === at ? { failed: true, expected: `${expected} (on a fresh instance)`, actual } : {}, i === at ? inSequence : undefined));
  return {
    ...common,
    status: hostGaveUp(inSequence) ?? hostGaveUp(alone) ?? 'fail',
    message: [
      `${failing.fn.name} answered differently after ${at} earlier call${at === 1 ? '' : 's'} on the same instance than on a fresh instance`,
      `shrunk sequence after ${details.numShrinks} shrink(s), on one instance:`,
      sequenceLines(lines),
    ].join('\n'),
    diff: { expected, actual },
    counterexample: {
      values: stepsJson(steps),
      hex: describeValues(failing.fn.input, failing.values),
      shrinks: details.numShrinks,
      ...(inSequence?.kind === 'ok' ? { outputHex: describeBytes(failing.fn.output, inSequence.output) } : {}),
    },
    ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }),
    ...(inSequence === undefined ? {} : { prints: inSequence.prints, logs: inSequence.logs, staticReads: inSequence.staticReads }),
  };
}
