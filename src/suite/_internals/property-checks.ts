import fc from 'fast-check';
import { valuesArbitrary } from '../../codec/arbitraries.js';
import { describeBytes, describeValues } from '../../codec/describe.js';
import { encode } from '../../codec/encode.js';
import { valuesToJson } from '../../codec/values-json.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { Counterexample, PropertyCheckResult } from '../../model/result.js';
import type { PropertySpec, SuiteFunction } from '../suite.js';
import { mockCallRecord } from './call-expectations.js';
import type { CallablePlugin, PluginRunContext } from './plugin-context.js';
import { drawRuns, type SharedInstanceRuns } from './batched-runs.js';
import { prefetchingPlugin, type PrefetchingPlugin } from './prefetching-plugin.js';
import { inputSchemaOf } from './input-schema.js';
import type { UserModule } from './user-module.js';
import { drawnRuns, judgeSequence, sharedReplayRuns, shrinkSharedInstance, type SequenceJudge } from './shared-instance-shrink.js';
import { sharedInstanceVerdict } from './shared-instance-result.js';
import { InputRange, withRangeNote } from './input-range.js';
import { batchedPhase, type BatchedPhase } from './properties/batched-phase.js';
import { PER_CALL_CHECKS, isPerCallCheck } from './properties/per-call-checks.js';
import { plannedCalls } from './properties/planned-calls.js';
import { lenientNotes, type Evaluate, type LenientTally, type RunFailure } from './properties/run-failure.js';
import { batchedInWorker, rejectsInvalidInWorker } from './properties/run-in-worker.js';

// Runs one property with fast-check: the seed is recorded, the first failure
// is shrunk, and the smallest counterexample is reported with the codec's
// hex view of the bytes sent and of what came back.
export async function runProperty(ctx: PluginRunContext, p: PropertySpec, unusable: ReadonlySet<string>): Promise<PropertyCheckResult> {
  // Modules the property opened (its oracle) run in threads of their own, ended with the property.
  const opened: UserModule[] = [];
  const range = new InputRange();
  try {
    return withRangeNote(await runGenerated(ctx, p, unusable, opened, range), range);
  } finally {
    await Promise.all(opened.map((m) => m.close()));
  }
}

async function runGenerated(ctx: PluginRunContext, p: PropertySpec, unusable: ReadonlySet<string>, opened: UserModule[], range: InputRange): Promise<PropertyCheckResult> {
  const started = performance.now();
  const base = { id: `property:${p.name}`, kind: 'property' as const, name: p.name, function: p.function, location: p.at };
  if (unusable.has(p.function)) {
    return { ...base, status: 'skip', durationMs: 0, message: `skipped: the plugin does not export '${p.function}' as () -> i32 or () -> ()` };
  }
  if (p.check === 'model' || p.check === 'isolated') {
    const blocked = p.sequence?.functions.find((f) => unusable.has(f));
    if (blocked !== undefined) return { ...base, status: 'skip', durationMs: 0, message: `skipped: the plugin does not export '${blocked}' as () -> i32` };
    // Stateful checks load only for suites that have them (as does rejects_invalid's own driver below).
    return p.check === 'model'
      ? (await import('./model-property.js')).runModelProperty(ctx, p, base, range)
      : (await import('./isolated-property.js')).runIsolatedProperty(ctx, p, base, range);
  }
  const fn = ctx.functionNamed(p.function);
  if (p.check === 'rejects_invalid') {
    const numRuns = ctx.runs ?? p.runs;
    const inWorker = await rejectsInvalidInWorker(ctx, p, fn, numRuns, base);
    if (inWorker !== undefined) ctx.coverage.absorb(inWorker.covered);
    const { result, executed } = inWorker ?? (await (await import('./rejects-invalid.js')).runRejectsInvalid({ target: ctx.target, seed: ctx.seed, numRuns, replayPath: ctx.replayPath, timeoutMs: ctx.timeoutMs }, p, fn, base, started));
    ctx.coverage.countPropertyRuns(fn.name, executed);
    return result;
  }
  let reference: { plugin: PrefetchingPlugin; base: CallablePlugin; label: string } | undefined;
  if (p.check === 'matches_reference') {
    const found = await ctx.reference(p.reference);
    if (!found.ok) return { ...base, status: 'error', durationMs: performance.now() - started, message: found.message };
    reference = { plugin: prefetchingPlugin(found.plugin), base: found.plugin, label: found.label };
  }
  const target = prefetchingPlugin(ctx.target);
  // What the plugin printed, logged and read on the run that failed last is
  // reported with the counterexample.
  let lastCall: CallResult | undefined;
  const observed: CallablePlugin = {
    spec: target.spec,
    async call(calls) {
      const results = await target.call(calls);
      lastCall = results.at(-1);
      return results;
    },
  };
  const tally: LenientTally = { runs: 0, first: undefined };
  const failedToStart = (message: string): PropertyCheckResult => ({ ...base, status: 'error', durationMs: performance.now() - started, message });
  // The judge of one run; prepared here (opening an oracle) unless the worker ran every run.
  let evaluate: Evaluate | undefined;
  const prepare = async (): Promise<string | undefined> => {
    if (evaluate !== undefined) return undefined;
    const prepared = await prepareEvaluate(ctx, p, fn, observed, reference, tally, opened);
    if (!prepared.ok) return prepared.message;
    evaluate = prepared.evaluate;
    return undefined;
  };
  const judgeRun: Evaluate = async (values, input) => {
    if (evaluate === undefined) throw new Error('internal: a run was judged before its check was prepared');
    return evaluate(values, input);
  };

  const numRuns = ctx.runs ?? p.runs;
  // A json function with input_schema draws only inputs its contract accepts.
  const arbitrary = (inputSchemaOf(fn)?.arbitrary ?? valuesArbitrary(fn.input, p.constraints)).map((values) => {
    range.observe(fn.input, values);
    return values;
  });
  const batched = ctx.prefetch && ctx.replayPath === undefined;
  // The batched runs go to the worker that calls the plugin when they can (properties/run-in-worker.ts).
  const inWorker = batched ? await batchedInWorker(ctx, p, fn, numRuns, reference) : undefined;
  if (inWorker?.kind === 'error') return failedToStart(inWorker.message);
  if (inWorker === undefined) {
    const problem = await prepare();
    if (problem !== undefined) return failedToStart(problem);
  }
  // Runs replayed in order on one instance, judged from their answers (see shared-instance-shrink.ts).
  const sequence: SequenceJudge<unknown, RunFailure> = {
    target: ctx.target,
    reference: reference?.base,
    plan: (values) => plannedCalls(ctx.timeoutMs, p, fn, encode(fn.input, values)),
    judge: async (values, calls, answers) => {
      target.answerNext(answers.plugin);
      reference?.plugin.answerNext(answers.reference);
      lastCall = undefined;
      try {
        return await judgeRun(values, calls.plugin[0]?.input ?? encode(fn.input, values));
      } finally {
        target.answerNext(undefined);
        reference?.plugin.answerNext(undefined);
      }
    },
  };
  const replayRuns = sharedReplayRuns(ctx.replayPath);
  if (replayRuns !== undefined) {
    const values = drawnRuns(arbitrary, ctx.seed, replayRuns);
    const failure = await judgeSequence(sequence, values);
    ctx.coverage.countPropertyRuns(p.function, values.length);
    const common = { ...base, seed: ctx.seed, runs: values.length, durationMs: performance.now() - started };
    if (failure === undefined) return { ...common, status: 'pass', message: `runs ${replayRuns.join(', ')} of seed ${ctx.seed} passed, in order on one instance` };
    return { ...common, ...sharedInstanceVerdict(fn, replayRuns, values, failure, lastCall, 0) };
  }
  // The runs before the first failure go in batches (see batched-runs.ts);
  // fast-check itself runs only when one fails, to replay and shrink it.
  // The batched run that failed, where fast-check starts (its answers are cached).
  let failedRun: number | undefined;
  if (batched) {
    let phase: BatchedPhase;
    if (inWorker === undefined) {
      phase = await batchedPhase({
        p,
        fn,
        timeoutMs: ctx.timeoutMs,
        arbitrary,
        seed: ctx.seed,
        numRuns,
        target: { plugin: target, base: ctx.target },
        reference: reference === undefined ? undefined : { plugin: reference.plugin, base: reference.base },
        evaluate: judgeRun,
        recordInput: (values) => ctx.coverage.recordInput(fn.name, values, 'property'),
      });
    } else {
      // What the main thread would have gathered had it run the batches itself.
      ctx.coverage.absorb(inWorker.covered);
      for (const values of inWorker.inputs) ctx.coverage.recordInput(fn.name, values, 'property');
      range.absorb(inWorker.range);
      tally.runs = inWorker.tally.runs;
      tally.first = inWorker.tally.first;
      for (const kept of inWorker.remembered.plugin) target.remember(kept.calls, kept.results);
      for (const kept of inWorker.remembered.reference) reference?.plugin.remember(kept.calls, kept.results);
      const drawn: SharedInstanceRuns<unknown> | undefined =
        inWorker.shared === undefined ? undefined : { from: inWorker.shared.from, values: drawRuns(arbitrary, ctx.seed, inWorker.shared.from, inWorker.shared.count), lists: [] };
      phase = { failedAt: inWorker.failedAt, shared: drawn, userCodeFailure: inWorker.userCodeFailure, judgeError: inWorker.judgeError };
    }
    const { failedAt, shared, userCodeFailure } = phase;
    // Judging the run failed, not the plugin: an error with its cause, never a verdict a replay could turn into a pass.
    if (phase.judgeError !== undefined) return judgeErrorResult(base, ctx.seed, phase.judgeError.run, phase.judgeError.cause, performance.now() - started);
    // Replaying would only run the oracle into the same wall again.
    if (userCodeFailure !== undefined) return { ...base, seed: ctx.seed, runs: (failedAt ?? 0) + 1, durationMs: performance.now() - started, status: 'error', message: userCodeFailure.message };
    if (failedAt !== undefined) {
      // From the failing run on, the main thread judges (to shrink): the worker's judge ended with its batches.
      const problem = await prepare();
      if (problem !== undefined) return failedToStart(problem);
    }
    // A run that failed after others on its instance but passes alone is reported as the sequence that fails.
    if (failedAt !== undefined && shared !== undefined && shared.values.length > 1) {
      const verdict = await shrinkSharedInstance(sequence, shared.from, shared.values);
      if (verdict.kind !== 'alone') {
        ctx.coverage.countPropertyRuns(p.function, failedAt + 1);
        const common = { ...base, seed: ctx.seed, runs: failedAt + 1, durationMs: performance.now() - started };
        if (verdict.kind === 'passes') {
          return { ...common, status: 'fail', message: `run ${failedAt} failed after ${shared.values.length - 1} earlier calls on its instance, yet passed both alone and after the same calls again: the plugin answers nondeterministically` };
        }
        const again = (await judgeSequence(sequence, verdict.values)) ?? verdict.failure;
        return { ...common, ...sharedInstanceVerdict(fn, verdict.runs, verdict.values, again, lastCall, shared.values.length - verdict.values.length) };
      }
    }
    if (failedAt === undefined) {
      ctx.coverage.countPropertyRuns(p.function, numRuns);
      return { ...base, seed: ctx.seed, runs: numRuns, durationMs: performance.now() - started, status: 'pass', ...lenientNotes(tally) };
    }
    failedRun = failedAt;
  }
  let executed = 0;
  let lastFailure: { values: unknown; input: Uint8Array; failure: RunFailure; call: CallResult | undefined } | undefined;
  // After a timeout, shrinking would pay the whole deadline per attempt; the
  // input that timed out is reported as it is.
  let stopShrinking = false;
  const property = fc.asyncProperty(arbitrary, async (values) => {
    if (stopShrinking) return true;
    executed += 1;
    lastCall = undefined;
    if (fn.inputSchema !== undefined) ctx.coverage.recordInput(fn.name, values, 'property');
    const input = encode(fn.input, values);
    const failure = await judgeRun(values, input);
    if (failure === undefined) return true;
    lastFailure = { values, input, failure, call: lastCall };
    if (failure.status === 'timeout' || failure.status === 'error') stopShrinking = true;
    return false;
  });
  const details = await fc.check(property, {
    seed: ctx.seed,
    numRuns,
    ...(ctx.replayPath === undefined ? {} : { path: ctx.replayPath, endOnFailure: true }),
    // Starting at the failing run gives the same shrinks and path as running up to it.
    ...(failedRun === undefined ? {} : { path: String(failedRun) }),
  });
  // The runs batched before the failing one count as executed.
  executed += failedRun ?? 0;
  ctx.coverage.countPropertyRuns(p.function, executed);
  const common = { seed: details.seed, runs: executed, durationMs: performance.now() - started };
  if (!details.failed) return { ...base, ...common, status: 'pass', ...lenientNotes(tally) };
  if (details.errorInstance !== null && lastFailure === undefined) {
    return { ...base, ...common, status: 'error', message: `the property itself failed: ${String(details.errorInstance)}`, ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }) };
  }
  const failure = lastFailure?.failure ?? { message: 'failed' };
  const values = lastFailure?.values ?? details.counterexample?.[0];
  const counterexample: Counterexample = {
    values: valuesToJson(values),
    hex: describeValues(fn.input, values),
    shrinks: details.numShrinks,
    ...(failure.output === undefined ? {} : { outputHex: describeBytes(fn.output, failure.output) }),
  };
  return {
    ...base,
    ...common,
    status: failure.status ?? 'fail',
    message: `${failure.message}\ncounterexample after ${details.numShrinks} shrink(s): ${JSON.stringify(counterexample.values)}`,
    ...(failure.diff === undefined ? {} : { diff: failure.diff }),
    counterexample,
    ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }),
    ...(lastFailure?.call === undefined ? {} : { prints: lastFailure.call.prints, logs: lastFailure.call.logs, staticReads: lastFailure.call.staticReads }),
    ...(lastFailure?.call?.httpRequests === undefined ? {} : { httpRequests: lastFailure.call.httpRequests }),
    ...(lastFailure?.call?.mockCalls === undefined ? {} : { hostCalls: lastFailure.call.mockCalls.map(mockCallRecord) }),
  };
}

function judgeErrorResult(base: Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>, seed: number, run: number, cause: string, durationMs: number): PropertyCheckResult {
  return { ...base, seed, runs: run + 1, durationMs, status: 'error', message: `internal error judging run ${run} (not a verdict on the plugin): ${cause}` };
}

async function prepareEvaluate(
  ctx: PluginRunContext,
  p: PropertySpec,
  fn: SuiteFunction,
  target: CallablePlugin,
  reference: { plugin: CallablePlugin; label: string } | undefined,
  tally: LenientTally,
  opened: UserModule[],
): Promise<{ ok: true; evaluate: Evaluate } | { ok: false; message: string }> {
  if (!isPerCallCheck(p.check)) return { ok: false, message: `internal: ${p.check} properties run their own path` };
  return PER_CALL_CHECKS[p.check].prepare({ p, fn, timeoutMs: ctx.timeoutMs, suiteFile: ctx.suite.file, target, reference, tally, opened });
}
