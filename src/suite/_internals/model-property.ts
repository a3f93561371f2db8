import fc from 'fast-check';
import { describeBytes, describeValues } from '../../codec/describe.js';
import { valuesFromJson } from '../../codec/values-json.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { PropertyCheckResult, CheckStatus } from '../../model/result.js';
import type { PropertySpec } from '../suite.js';
import { decodeOutput, describeFailure, equalDecoded } from './compare-output.js';
import type { InputRange } from './input-range.js';
import type { PluginRunContext } from './plugin-context.js';
import { sequenceLines } from './sequence-report.js';
import { sharedReplayRuns } from './shared-instance-shrink.js';
import { renderCompact, renderResult, reportStep, sequenceCalls, stepArbitrary, stepsJson, type Step } from './sequence-steps.js';
import { openUserModule, userCodeDeadline, type UserModule } from './user-module.js';

type Base = Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>;

// What the model said each step should return (or why it could not say).
interface ModelRun {
  readonly session: number;
  readonly expected: unknown[];
  error: string | undefined;
}

// One generated call as a fast-check command: running it asks the model for the
// step's output (in the model's thread, under the deadline) and keeps it for the
// comparison with the plugin, which then runs the whole sequence on one instance.
class ModelStep implements fc.AsyncCommand<ModelRun, Record<string, never>> {
  constructor(
    readonly step: Step,
    readonly model: UserModule,
  ) {}

  check(): boolean {
    return true;
  }

  async run(m: ModelRun): Promise<void> {
    if (m.error !== undefined) return;
    const answer = await this.model.step(m.session, this.step.fn.name, this.step.values);
    if (answer.ok) m.expected.push(answer.value);
    else m.error = answer.message;
  }

  toString(): string {
    return `${this.step.fn.name}(${JSON.stringify(stepsJson([this.step]))})`;
  }
}

interface Mismatch {
  readonly steps: readonly Step[];
  readonly expected: readonly unknown[];
  readonly results: readonly (CallResult | undefined)[];
  readonly message: string;
  readonly status: CheckStatus;
}

/**
 * `check = "model"`: model-based testing. Each run is a generated sequence of
 * calls over the property's functions, run by fast-check's model runner
 * against the suite's model module (init() and one export per function
 * returning { state, output }) and on one plugin instance; every step's
 * output must equal the model's. A failure is shrunk to a minimal sequence.
 * Sequences are plain arrays of commands rather than fc.commands, so a
 * replay path alone reproduces the shrunk sequence exactly.
 */
export async function runModelProperty(ctx: PluginRunContext, p: PropertySpec, base: Base, range?: InputRange): Promise<PropertyCheckResult> {
  const started = performance.now();
  const seq = p.sequence;
  if (seq?.model === undefined) return { ...base, status: 'error', durationMs: 0, message: 'internal: a model property without its model' };
  const opened = await openUserModule('model', seq.model, ctx.suite.file, userCodeDeadline(ctx));
  if (!opened.ok) return { ...base, status: 'error', durationMs: performance.now() - started, message: opened.message };
  const model = opened.module;
  try {
    const missing = ['init', ...seq.functions].filter((name) => !model.exports.includes(name));
    if (missing.length > 0) return { ...base, status: 'error', durationMs: performance.now() - started, message: `${model.label} exports no function ${missing.map((m) => `'${m}'`).join(', ')}` };
    return await check(ctx, p, base, model, started, range);
  } finally {
    await model.close();
  }
}

async function check(ctx: PluginRunContext, p: PropertySpec, base: Base, model: UserModule, started: number, range: InputRange | undefined): Promise<PropertyCheckResult> {
  const seq = p.sequence;
  if (seq === undefined) throw new Error('unreachable');
  const arbitrary = fc.array(stepArbitrary(ctx, seq, seq.functions, range), { minLength: 1, maxLength: seq.maxSteps, size: 'max' }).map((steps) => steps.map((s) => new ModelStep(s, model)));
  const tolerance = p.tolerance ?? 0;
  const calls = new Map<string, number>();
  let sessions = 0;
  let executed = 0;
  let mismatch: Mismatch | undefined;
  let userError: string | undefined;
  // After the model failed or the host gave up, shrinking would only meet it again.
  let stop = false;
  const property = fc.asyncProperty(arbitrary, async (commands) => {
    if (stop) return true;
    executed += 1;
    const m: ModelRun = { session: (sessions += 1), expected: [], error: undefined };
    const init = await model.init(m.session);
    if (!init.ok) m.error = init.message;
    else await fc.asyncModelRun(() => ({ model: m, real: {} }), commands);
    void model.drop(m.session);
    if (m.error !== undefined) {
      userError = m.error;
      stop = true;
      return false;
    }
    const steps = commands.map((c) => c.step);
    const results = await ctx.target.call(sequenceCalls(ctx, p, steps));
    for (const s of steps) calls.set(s.fn.name, (calls.get(s.fn.name) ?? 0) + 1);
    for (let i = 0; i < steps.length; i += 1) {
      const step = steps[i] as Step;
      const r = results[i];
      const fail = (message: string, status: CheckStatus = 'fail'): boolean => {
        mismatch = { steps: steps.slice(0, i + 1), expected: m.expected.slice(0, i + 1), results: results.slice(0, i + 1), message, status };
        if (status !== 'fail') stop = true;
        return false;
      };
      if (r === undefined) return fail(`step ${i + 1}: the supervisor returned no result`, 'error');
      if (r.kind !== 'ok') return fail(`step ${i + 1} (${step.fn.name}) failed: ${describeFailure(r)}`, r.kind === 'timeout' ? 'timeout' : r.kind === 'crash' || r.kind === 'memory-limit' ? 'error' : 'fail');
      const decoded = decodeOutput(step.fn.output, r.output, step.fn.lenientDecode === true);
      if (!decoded.ok) return fail(`step ${i + 1} (${step.fn.name}): output does not decode: ${decoded.message}`);
      let wanted: unknown;
      try {
        wanted = step.fn.output.kind === 'packed' ? valuesFromJson(step.fn.output, m.expected[i]) : m.expected[i];
      } catch (error) {
        userError = `${model.label}: '${step.fn.name}' returned an output that does not fit the returns: ${error instanceof Error ? error.message : String(error)}`;
        stop = true;
        return false;
      }
      if (!equalDecoded(step.fn.output, wanted, decoded.value, tolerance)) return fail(`step ${i + 1} (${step.fn.name}): output differs from the model`);
    }
    return true;
  });
  const details = await fc.check(property, {
    seed: ctx.seed,
    numRuns: ctx.runs ?? p.runs,
    // A shared: path names runs of a single-call property; a sequence property replays fast-check paths only.
    ...(ctx.replayPath === undefined || sharedReplayRuns(ctx.replayPath) !== undefined ? {} : { path: ctx.replayPath, endOnFailure: true }),
  });
  for (const [name, count] of calls) ctx.coverage.countPropertyRuns(name, count);
  const common = { ...base, seed: details.seed, runs: executed, durationMs: performance.now() - started, ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }) };
  if (!details.failed) return { ...common, status: 'pass' };
  if (userError !== undefined) return { ...common, status: 'error', message: userError };
  if (mismatch === undefined) return { ...common, status: 'error', message: `the property itself failed: ${String(details.errorInstance)}` };
  const { steps, expected, results } = mismatch;
  const at = steps.length - 1;
  const failing = steps[at] as Step;
  const lines = steps.map((s, i) => {
    const r = results[i];
    const want = expected[i];
    return reportStep(s, { expected: want === undefined ? 'nothing (the model was not asked)' : renderCompact(s.fn.output.kind === 'packed' ? safeFromJson(s, want) : want), actual: renderResult(s.fn, r), ...(i === at ? { failed: true } : {}) }, r);
  });
  const last = results[at];
  return {
    ...common,
    status: mismatch.status,
    message: [mismatch.message, `shrunk sequence after ${details.numShrinks} shrink(s), on one instance:`, sequenceLines(lines)].join('\n'),
    diff: { expected: lines[at]?.expected ?? '', actual: lines[at]?.actual ?? '' },
    counterexample: {
      values: stepsJson(steps),
      hex: describeValues(failing.fn.input, failing.values),
      shrinks: details.numShrinks,
      ...(last?.kind === 'ok' ? { outputHex: describeBytes(failing.fn.output, last.output) } : {}),
    },
    ...(last === undefined ? {} : { prints: last.prints, logs: last.logs, staticReads: last.staticReads }),
  };
}

function safeFromJson(step: Step, json: unknown): unknown {
  try {
    return valuesFromJson(step.fn.output, json);
  } catch {
    return json;
  }
}
