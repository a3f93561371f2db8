import fc from 'fast-check';
import { valuesArbitrary } from '../../codec/arbitraries.js';
import { describeBytes, describeValues } from '../../codec/describe.js';
import { encode } from '../../codec/encode.js';
import { equalValues } from '../../codec/equal-values.js';
import { valuesFromJson, valuesToJson } from '../../codec/values-json.js';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { CheckStatus, Counterexample, PropertyCheckResult } from '../../model/result.js';
import type { PropertySpec, SuiteFunction } from '../suite.js';
import { decodeOutput, describeFailure, equalBytes, equalDecoded, lenientNote, outputSchemaProblems, PLUGIN_ERROR_KINDS, renderValue, type Mismatch } from './compare-output.js';
import { mockCallRecord } from './call-expectations.js';
import type { CallablePlugin, PluginRunContext } from './plugin-context.js';
import { batchedRuns } from './batched-runs.js';
import { passesOnBytes } from './passes-on-bytes.js';
import { prefetchingPlugin, type PrefetchingPlugin } from './prefetching-plugin.js';
import { inputSchemaOf } from './input-schema.js';
import { runRejectsInvalid } from './rejects-invalid.js';
import { openUserModule, userCodeDeadline, type UserModule } from './user-module.js';
import { drawnRuns, judgeSequence, sharedReplayRuns, shrinkSharedInstance, type SequenceJudge } from './shared-instance-shrink.js';
import { sharedInstanceVerdict } from './shared-instance-result.js';
import { runIsolatedProperty } from './isolated-property.js';
import { runModelProperty } from './model-property.js';
import { InputRange, withRangeNote } from './input-range.js';
import type { SharedInstanceRuns } from './batched-runs.js';

// Why one generated input failed; `output` is what came back, for the hex view.
interface RunFailure extends Mismatch {
  readonly status?: CheckStatus;
  readonly output?: Uint8Array;
  // The suite's own module (an oracle) failed: the run is not the plugin's to answer for.
  readonly userCode?: true;
}

type Evaluate = (values: unknown, input: Uint8Array) => Promise<RunFailure | undefined>;

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
    return p.check === 'model' ? runModelProperty(ctx, p, base, range) : runIsolatedProperty(ctx, p, base, range);
  }
  const fn = ctx.functionNamed(p.function);
  if (p.check === 'rejects_invalid') return runRejectsInvalid(ctx, p, fn, base, started);
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
  const prepared = await prepareEvaluate(ctx, p, fn, observed, reference, tally, opened);
  if (!prepared.ok) return { ...base, status: 'error', durationMs: performance.now() - started, message: prepared.message };
  const evaluate = prepared.evaluate;

  const numRuns = ctx.runs ?? p.runs;
  // A json function with input_schema draws only inputs its contract accepts.
  const arbitrary = (inputSchemaOf(fn)?.arbitrary ?? valuesArbitrary(fn.input, p.constraints)).map((values) => {
    range.observe(fn.input, values);
    return values;
  });
  // Runs replayed in order on one instance, judged from their answers (see shared-instance-shrink.ts).
  const sequence: SequenceJudge<unknown, RunFailure> = {
    target: ctx.target,
    reference: reference?.base,
    plan: (values) => plannedCalls(ctx, p, fn, encode(fn.input, values)),
    judge: async (values, calls, answers) => {
      target.answerNext(answers.plugin);
      reference?.plugin.answerNext(answers.reference);
      lastCall = undefined;
      try {
        return await evaluate(values, calls.plugin[0]?.input ?? encode(fn.input, values));
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
  if (ctx.prefetch && ctx.replayPath === undefined) {
    let userCodeFailure: RunFailure | undefined;
    let judgeError: { run: number; error: unknown } | undefined;
    let shared: SharedInstanceRuns<unknown> | undefined;
    const failedAt = await batchedRuns({
      arbitrary,
      seed: ctx.seed,
      numRuns,
      plan: (values) => {
        if (fn.inputSchema !== undefined) ctx.coverage.recordInput(fn.name, values, 'property');
        return plannedCalls(ctx, p, fn, encode(fn.input, values));
      },
      target: { plugin: target, base: ctx.target },
      reference: reference === undefined ? undefined : { plugin: reference.plugin, base: reference.base },
      reuse: !p.freshInstance,
      passes: passesOnBytes(p.check, fn),
      judge: async (values, calls) => {
        const failure = await evaluate(values, calls.plugin[0]?.input ?? encode(fn.input, values));
        if (failure?.userCode === true) userCodeFailure ??= failure;
        return failure === undefined;
      },
      onFailure: (runs) => {
        shared = runs;
      },
      onJudgeError: (run, error) => {
        judgeError ??= { run, error };
      },
    });
    // Judging the run failed, not the plugin: an error with its cause, never a verdict a replay could turn into a pass.
    if (judgeError !== undefined) return judgeErrorResult(base, ctx.seed, judgeError.run, judgeError.error, performance.now() - started);
    // Replaying would only run the oracle into the same wall again.
    if (userCodeFailure !== undefined) return { ...base, seed: ctx.seed, runs: (failedAt ?? 0) + 1, durationMs: performance.now() - started, status: 'error', message: userCodeFailure.message };
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
    const failure = await evaluate(values, input);
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

function judgeErrorResult(base: Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>, seed: number, run: number, error: unknown, durationMs: number): PropertyCheckResult {
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ...base, seed, runs: run + 1, durationMs, status: 'error', message: `internal error judging run ${run} (not a verdict on the plugin): ${cause}` };
}

// Unless the property asks for a fresh instance per run, a run's calls are
// marked to continue an instance: batched, a batch's first call starts it;
// sent alone (shrinking), the supervisor starts each list's first call fresh.
function request(ctx: PluginRunContext, p: PropertySpec, fn: string, input: Uint8Array, fresh = p.freshInstance): CallRequest {
  return {
    fn,
    input,
    fresh,
    ...(ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs }),
    ...(p.config === undefined ? {} : { config: p.config }),
  };
}

// The calls one run makes: deterministic calls twice on one instance; matches_reference also calls the reference.
function plannedCalls(ctx: PluginRunContext, p: PropertySpec, fn: SuiteFunction, input: Uint8Array): { plugin: CallRequest[]; reference?: CallRequest[] } {
  if (p.check === 'deterministic') return { plugin: [request(ctx, p, fn.name, input), request(ctx, p, fn.name, input, false)] };
  const one = [request(ctx, p, fn.name, input)];
  return p.check === 'matches_reference' ? { plugin: one, reference: one } : { plugin: one };
}

async function callOne(target: CallablePlugin, calls: CallRequest[]): Promise<CallResult> {
  const [result] = await target.call(calls);
  if (result === undefined) throw new Error('the supervisor returned no result');
  return result;
}

// Runs that passed only because lenient_decode skipped trailing bytes, for the check's notes.
interface LenientTally {
  runs: number;
  first: string | undefined;
}

function decodeCounted(fn: SuiteFunction, bytes: Uint8Array, tally: LenientTally): ReturnType<typeof decodeOutput> {
  const decoded = decodeOutput(fn.output, bytes, fn.lenientDecode === true);
  if (decoded.ok && decoded.trailing > 0) {
    tally.runs += 1;
    tally.first ??= lenientNote(fn, bytes, decoded.trailing);
  }
  return decoded;
}

function lenientNotes(tally: LenientTally): { notes?: string[] } {
  return tally.first === undefined ? {} : { notes: [`${tally.first} (${tally.runs} run${tally.runs === 1 ? '' : 's'} needed it)`] };
}

// A failed call as a run failure: the host giving up maps to its own status.
function callFailure(result: Exclude<CallResult, { kind: 'ok' }>, who = 'the call'): RunFailure {
  const status: CheckStatus | undefined = result.kind === 'timeout' ? 'timeout' : result.kind === 'crash' ? 'error' : undefined;
  return { message: `${who} failed: ${describeFailure(result)}`, ...(status === undefined ? {} : { status }) };
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
  const tolerance = p.tolerance ?? 0;
  switch (p.check) {
    case 'conforms':
      return {
        ok: true,
        evaluate: async (_values, input) => {
          const r = await callOne(target, plannedCalls(ctx, p, fn, input).plugin);
          if (r.kind !== 'ok') return callFailure(r);
          const decoded = decodeCounted(fn, r.output, tally);
          if (!decoded.ok) return { message: `output does not decode as ${describeShape(fn)}: ${decoded.message}`, output: r.output };
          const problems = outputSchemaProblems(fn, decoded.value);
          if (problems.length > 0) return { message: `output breaks output_schema: ${problems.join('; ')}`, output: r.output, diff: { expected: 'output matching output_schema', actual: renderValue(decoded.value) } };
          return undefined;
        },
      };
    case 'roundtrip':
      return {
        ok: true,
        evaluate: async (values, input) => {
          const r = await callOne(target, plannedCalls(ctx, p, fn, input).plugin);
          if (r.kind !== 'ok') return callFailure(r);
          const decoded = decodeCounted(fn, r.output, tally);
          if (!decoded.ok) return { message: `output does not decode: ${decoded.message}`, output: r.output };
          const same = tolerance > 0 ? equalDecoded(fn.output, values, decoded.value, tolerance) : equalValues(fn.output, values, decoded.value);
          if (same) return undefined;
          return { message: 'output does not decode to the input', output: r.output, diff: { expected: renderValue(values), actual: renderValue(decoded.value) } };
        },
      };
    case 'deterministic':
      return {
        ok: true,
        evaluate: async (_values, input) => {
          // The second call reuses the instance, so hidden state shows up too.
          const [a, b] = await target.call(plannedCalls(ctx, p, fn, input).plugin);
          if (a === undefined || b === undefined) return { message: 'the supervisor returned fewer results than calls', status: 'error' };
          if (a.kind === 'timeout' || b.kind === 'timeout') return callFailure(a.kind === 'timeout' ? a : (b as Exclude<CallResult, { kind: 'ok' }>));
          if (a.kind === 'ok' && b.kind === 'ok') {
            if (equalBytes(a.output, b.output)) return undefined;
            return { message: 'two calls with the same input returned different outputs', output: b.output, diff: { expected: describeBytes(fn.output, a.output), actual: describeBytes(fn.output, b.output) } };
          }
          if (a.kind !== 'ok' && b.kind !== 'ok' && a.kind === b.kind && a.message === b.message) return undefined;
          return { message: 'two calls with the same input ended differently', diff: { expected: describeFailure(a), actual: describeFailure(b) } };
        },
      };
    case 'oracle': {
      const oracle = await loadOracle(ctx, p.oracle ?? '', fn.name);
      if (!oracle.ok) return oracle;
      opened.push(oracle.module);
      return {
        ok: true,
        evaluate: async (values, input) => {
          const answer = await oracle.module.call(oracle.name, [values]);
          if (!answer.ok) return { message: answer.message, status: 'error', userCode: true };
          const expected = answer.value;
          const r = await callOne(target, plannedCalls(ctx, p, fn, input).plugin);
          if (r.kind !== 'ok') return callFailure(r);
          const decoded = decodeCounted(fn, r.output, tally);
          if (!decoded.ok) return { message: `output does not decode: ${decoded.message}`, output: r.output };
          let wanted: unknown;
          try {
            wanted = fn.output.kind === 'packed' ? valuesFromJson(fn.output, expected) : expected;
          } catch (error) {
            return { message: `the oracle returned a value that does not fit the returns: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
          }
          if (equalDecoded(fn.output, wanted, decoded.value, tolerance)) return undefined;
          return { message: 'output differs from the oracle', output: r.output, diff: { expected: renderValue(wanted), actual: renderValue(decoded.value) } };
        },
      };
    }
    case 'rejects_invalid':
      return { ok: false, message: 'rejects_invalid runs on its own path (rejects-invalid.ts)' };
    case 'model':
    case 'isolated':
      return { ok: false, message: `internal: ${p.check} properties run their own sequences` };
    case 'matches_reference': {
      if (reference === undefined) return { ok: false, message: 'no reference plugin' };
      const { label } = reference;
      return {
        ok: true,
        evaluate: async (_values, input) => {
          const plan = plannedCalls(ctx, p, fn, input);
          const [mine, theirs] = await Promise.all([callOne(target, plan.plugin), callOne(reference.plugin, plan.reference ?? [])]);
          if (theirs.kind === 'timeout' || theirs.kind === 'crash') return { ...callFailure(theirs, `the reference (${label})`), status: 'error' };
          if (mine.kind === 'ok' && theirs.kind === 'ok') {
            const a = decodeOutput(fn.output, theirs.output, fn.lenientDecode === true);
            const b = decodeCounted(fn, mine.output, tally);
            const same = a.ok && b.ok ? equalDecoded(fn.output, a.value, b.value, tolerance) : equalBytes(theirs.output, mine.output);
            if (same) return undefined;
            return {
              message: `output differs from the reference (${label})`,
              output: mine.output,
              diff: { expected: a.ok ? renderValue(a.value) : describeBytes(fn.output, theirs.output), actual: b.ok ? renderValue(b.value) : describeBytes(fn.output, mine.output) },
            };
          }
          if (mine.kind !== 'ok' && theirs.kind !== 'ok' && PLUGIN_ERROR_KINDS.has(mine.kind) && PLUGIN_ERROR_KINDS.has(theirs.kind)) return undefined;
          if (mine.kind === 'timeout' || mine.kind === 'crash') return callFailure(mine);
          return {
            message: `the plugin and the reference (${label}) disagree on success`,
            ...(mine.kind === 'ok' ? { output: mine.output } : {}),
            diff: { expected: theirs.kind === 'ok' ? renderValue(decodeOrBytes(fn, theirs.output)) : describeFailure(theirs), actual: mine.kind === 'ok' ? renderValue(decodeOrBytes(fn, mine.output)) : describeFailure(mine) },
          };
        },
      };
    }
  }
}

function decodeOrBytes(fn: SuiteFunction, output: Uint8Array): unknown {
  const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
  return decoded.ok ? decoded.value : output;
}

function describeShape(fn: SuiteFunction): string {
  return fn.output.kind === 'raw' ? `raw ${fn.output.framing}` : `(${fn.output.fields.map((f) => `${f.name}: ${f.type}`).join(', ')})`;
}

// An oracle module's export named after the function, else its default export.
async function loadOracle(ctx: PluginRunContext, path: string, functionName: string): Promise<{ ok: true; module: UserModule; name: string } | { ok: false; message: string }> {
  const opened = await openUserModule('oracle', path, ctx.suite.file, userCodeDeadline(ctx));
  if (!opened.ok) return opened;
  const name = [functionName, 'default'].find((n) => opened.module.exports.includes(n));
  if (name === undefined) {
    await opened.module.close();
    return { ok: false, message: `${opened.module.label} exports neither '${functionName}' nor a default function` };
  }
  return { ok: true, module: opened.module, name };
}
