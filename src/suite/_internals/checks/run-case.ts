import { encode } from '../../../codec/encode.js';
import type { CallRequest, CallResult } from '../../../host/plugin-spec.js';
import type { CheckResult, HttpRequestRecord, LogRecord, MockCallRecord, StaticRead } from '../../../model/result.js';
import type { CaseStep, GoldenCase, SuiteFunction, SuiteValue } from '../../suite.js';
import { callMismatch, mockCallRecord } from '../call-expectations.js';
import { describeFailure } from '../compare-output.js';
import { asSentJson } from '../input-schema.js';
import type { PluginRunContext } from '../plugin-context.js';
import type { StepVerdict } from './case-check.js';
import { checkExpectation } from './expectation-checks.js';

/** Codec form of suite input values: the one raw value, or the packed value list. */
export function codecInput(fn: SuiteFunction, input: readonly SuiteValue[]): unknown {
  return fn.input.kind === 'raw' ? input[0] : input;
}

/**
 * Runs one golden case: every step in one batch, the first on a fresh
 * instance, later steps (stateful cases) on the same instance; the first step
 * that does not pass decides the verdict.
 */
export async function runCase(ctx: PluginRunContext, c: GoldenCase, unusable: ReadonlySet<string>): Promise<CheckResult> {
  const started = performance.now();
  const base = {
    id: `case:${c.name}`,
    kind: 'case' as const,
    name: c.name,
    ...(c.steps[0] === undefined ? {} : { function: c.steps[0].function }),
    location: c.at,
  };
  const blocked = c.steps.find((s) => unusable.has(s.function));
  if (blocked !== undefined) {
    return { ...base, status: 'skip', durationMs: 0, message: `skipped: the plugin does not export '${blocked.function}' as () -> i32 or () -> ()` };
  }
  let calls: CallRequest[];
  try {
    calls = c.steps.map((step, i) => {
      const fn = ctx.functionNamed(step.function);
      const timeoutMs = c.timeoutMs ?? ctx.timeoutMs;
      return {
        fn: step.function,
        input: encode(fn.input, codecInput(fn, step.input)),
        fresh: i === 0,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(c.config === undefined ? {} : { config: c.config }),
      };
    });
  } catch (error) {
    return { ...base, status: 'error', durationMs: performance.now() - started, message: `cannot encode the case input: ${error instanceof Error ? error.message : String(error)}` };
  }
  for (const step of c.steps) {
    ctx.coverage.countCase(step.function);
    if (ctx.functionNamed(step.function).inputSchema !== undefined) ctx.coverage.recordInput(step.function, asSentJson(step.input[0]), 'case');
  }
  const results = await (c.host === undefined ? ctx.target : ctx.withHost(c.host)).call(calls);
  const strictMocks = (c.host?.strictMocks ?? ctx.suite.host.strictMocks) === true;
  const prints: string[] = [];
  const logs: LogRecord[] = [];
  const staticReads: StaticRead[] = [];
  const httpRequests: HttpRequestRecord[] = [];
  const hostCalls: MockCallRecord[] = [];
  const notes: string[] = [];
  let verdict: StepVerdict;
  for (const [i, step] of c.steps.entries()) {
    const result = results[i];
    if (result === undefined) {
      verdict = { message: `step ${i + 1} did not run (an earlier step ended the instance)`, status: 'error' };
      break;
    }
    prints.push(...result.prints);
    logs.push(...result.logs);
    staticReads.push(...result.staticReads);
    if (result.httpRequests !== undefined) httpRequests.push(...result.httpRequests);
    if (result.mockCalls !== undefined) hostCalls.push(...result.mockCalls.map(mockCallRecord));
    const stepVerdict = (await evaluateStep(ctx, ctx.functionNamed(step.function), step, result, notes)) ?? callMismatch(result, step, strictMocks);
    if (stepVerdict !== undefined) {
      verdict = c.steps.length > 1 ? { ...stepVerdict, message: `step ${i + 1} (${step.function}): ${stepVerdict.message}` } : stepVerdict;
      break;
    }
  }
  return {
    ...base,
    status: verdict === undefined ? 'pass' : (verdict.status ?? 'fail'),
    durationMs: performance.now() - started,
    ...(verdict === undefined ? {} : { message: verdict.message }),
    ...(verdict?.diff === undefined ? {} : { diff: verdict.diff }),
    runs: results.length,
    prints,
    logs,
    staticReads,
    ...(httpRequests.length === 0 ? {} : { httpRequests }),
    ...(hostCalls.length === 0 ? {} : { hostCalls }),
    ...(notes.length === 0 ? {} : { notes }),
  };
}

async function evaluateStep(ctx: PluginRunContext, fn: SuiteFunction, step: CaseStep, result: CallResult, notes: string[]): Promise<StepVerdict> {
  // A crashed worker says nothing about the plugin's answer: the check could not run.
  if (result.kind === 'crash') return { message: describeFailure(result), status: 'error' };
  return checkExpectation({ ctx, fn, step, expect: step.expect, result, notes });
}
