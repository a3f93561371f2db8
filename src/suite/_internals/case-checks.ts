import { Buffer } from 'node:buffer';
import { encode } from '../../codec/encode.js';
import { describeBytes } from '../../codec/describe.js';
import type { Signature } from '../../codec/signature.js';
import { valuesFromJson } from '../../codec/values-json.js';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import type { CaseCheckResult, CheckStatus, HttpRequestRecord, LogRecord, MockCallRecord, StaticRead } from '../../model/result.js';
import type { CaseStep, Expectation, GoldenCase, SuiteFunction, SuiteValue } from '../suite.js';
import {
  decodeOutput,
  describeFailure,
  equalBytes,
  equalDecoded,
  equalJson,
  lenientNote,
  outputText,
  PLUGIN_ERROR_KINDS,
  renderValue,
  sideEffectMismatch,
  type Mismatch,
} from './compare-output.js';
import { asSentJson } from './input-schema.js';
import { readGolden, restoreGolden, writeGolden } from './golden-writes.js';
import { callMismatch, mockCallRecord } from './call-expectations.js';
import { outcomeMismatch } from './expected-outcome.js';
import type { PluginRunContext } from './plugin-context.js';

const BYTES: Signature = { kind: 'raw', framing: 'bytes' };

// Codec form of suite input values: the one raw value, or the packed value list.
export function codecInput(fn: SuiteFunction, input: readonly SuiteValue[]): unknown {
  return fn.input.kind === 'raw' ? input[0] : input;
}

// A step's verdict; `status` overrides fail when the host gave up (timeout) or the check could not be evaluated (error).
type StepVerdict = (Mismatch & { readonly status?: CheckStatus }) | undefined;

// Runs one golden case: every step in one batch, the first on a fresh
// instance, later steps (stateful cases) on the same instance.
export async function runCase(ctx: PluginRunContext, c: GoldenCase, unusable: ReadonlySet<string>): Promise<CaseCheckResult> {
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
    const stepVerdict =
      (await evaluateStep(ctx, ctx.functionNamed(step.function), step, result, notes)) ?? callMismatch(result, step, strictMocks);
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
  const expect = step.expect;
  if (result.kind === 'crash') return { message: describeFailure(result), status: 'error' };
  if (expect.kind === 'outcome') {
    const mismatch = outcomeMismatch(expect, result);
    // The host gave up where the suite wanted another ending: that stays a timeout verdict.
    if (mismatch !== undefined && result.kind === 'timeout') return { ...mismatch, status: 'timeout' };
    return mismatch ?? sideEffectMismatch(result, step);
  }
  if (result.kind === 'timeout') return { message: describeFailure(result), status: 'timeout' };
  if (expect.kind === 'error') {
    if (result.kind === 'ok') {
      return { message: `expected an error matching /${expect.source}/, the call succeeded`, diff: { expected: `error matching /${expect.source}/`, actual: previewOutput(fn, result.output) } };
    }
    if (!PLUGIN_ERROR_KINDS.has(result.kind)) return { message: `expected a plugin error matching /${expect.source}/, got ${describeFailure(result)}` };
    if (!expect.pattern.test(result.message)) {
      return { message: `the error does not match /${expect.source}/`, diff: { expected: `/${expect.source}/`, actual: result.message } };
    }
    return sideEffectMismatch(result, step);
  }
  if (result.kind !== 'ok') return { message: `the call failed: ${describeFailure(result)}` };
  const mismatch = await compareOutput(ctx, fn, expect, result.output, step.tolerance ?? 0, notes);
  return mismatch ?? sideEffectMismatch(result, step);
}

async function compareOutput(ctx: PluginRunContext, fn: SuiteFunction, expect: Exclude<Expectation, { kind: 'error' | 'outcome' }>, output: Uint8Array, tolerance: number, notes: string[]): Promise<StepVerdict> {
  switch (expect.kind) {
    case 'json': {
      const decoded = decodeOutput(fn.output, output);
      if (!decoded.ok) return { message: `output is not JSON: ${decoded.message}`, diff: { expected: renderValue(expect.value), actual: previewOutput(fn, output) } };
      if (equalJson(expect.value, decoded.value, tolerance)) return undefined;
      return { message: 'JSON output differs', diff: { expected: renderValue(expect.value), actual: renderValue(decoded.value) } };
    }
    case 'text': {
      const text = outputText(output);
      if (!text.ok) return { message: text.message, diff: { expected: expect.text, actual: describeBytes(BYTES, output) } };
      return text.text === expect.text ? undefined : { message: 'text output differs', diff: { expected: expect.text, actual: text.text } };
    }
    case 'bytes':
      return equalBytes(expect.bytes, output) ? undefined : { message: 'output bytes differ', diff: { expected: describeBytes(BYTES, expect.bytes), actual: describeBytes(BYTES, output) } };
    case 'returns': {
      const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
      if (!decoded.ok) return { message: `output does not decode as the declared returns: ${decoded.message}`, diff: { expected: renderValue(expect.values), actual: describeBytes(fn.output, output) } };
      if (!equalDecoded(fn.output, expect.values, decoded.value, tolerance)) {
        return { message: 'returned values differ', diff: { expected: renderValue(expect.values), actual: renderValue(decoded.value) } };
      }
      if (decoded.trailing > 0) notes.push(lenientNote(fn, output, decoded.trailing));
      return undefined;
    }
    case 'file':
      return compareGolden(ctx, fn, expect, output, tolerance, notes);
  }
}

// How a golden file stores an output: pretty JSON for json and packed output, text or raw bytes otherwise.
// `trailing` is what a lenient decode of packed output skipped (the golden file never holds those bytes).
function goldenContent(fn: SuiteFunction, output: Uint8Array): { ok: true; content: string | Uint8Array; trailing?: number } | { ok: false; message: string } {
  if (fn.output.kind === 'raw' && (fn.output.framing === 'bytes' || fn.output.framing === 'none')) return { ok: true, content: output };
  if (fn.output.kind === 'raw' && fn.output.framing === 'string') {
    const text = outputText(output);
    return text.ok ? { ok: true, content: text.text } : text;
  }
  const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
  if (!decoded.ok) return { ok: false, message: `output does not decode: ${decoded.message}` };
  return { ok: true, content: `${renderValue(decoded.value)}\n`, trailing: decoded.trailing };
}

async function compareGolden(ctx: PluginRunContext, fn: SuiteFunction, expect: Extract<Expectation, { kind: 'file' }>, output: Uint8Array, tolerance: number, notes: string[]): Promise<StepVerdict> {
  const actual = goldenContent(fn, output);
  if (!actual.ok) return { message: actual.message, diff: { expected: `contents of ${expect.relative}`, actual: previewOutput(fn, output) } };
  if (actual.trailing !== undefined && actual.trailing > 0) notes.push(lenientNote(fn, output, actual.trailing));
  if (ctx.updateGolden) return ctx.goldenWrites.serialize(expect.path, () => updateGolden(ctx, fn, expect, actual.content, tolerance, notes));
  const read = await readGolden(expect.path, expect.relative);
  if (!read.ok) return { message: read.message, status: 'error' };
  const { stored } = read;
  if (stored !== undefined && goldenEqual(fn, stored, actual.content, tolerance)) return undefined;
  if (stored === undefined) return { message: `golden file ${expect.relative} does not exist; run with --update-golden to create it`, status: 'error' };
  const storedView = typeof actual.content === 'string' ? stored.toString('utf8') : new Uint8Array(stored);
  return { message: `output differs from golden file ${expect.relative} (--update-golden rewrites it)`, diff: { expected: renderGolden(storedView), actual: renderGolden(actual.content) } };
}

const renderGolden = (content: string | Uint8Array): string => (typeof content === 'string' ? content : describeBytes(BYTES, content));

// One writer's turn at a golden file (serialised per file, see golden-writes.ts).
async function updateGolden(ctx: PluginRunContext, fn: SuiteFunction, expect: Extract<Expectation, { kind: 'file' }>, content: string | Uint8Array, tolerance: number, notes: string[]): Promise<StepVerdict> {
  const read = await readGolden(expect.path, expect.relative);
  if (!read.ok) return { message: read.message, status: 'error' };
  const { stored } = read;
  const writer = `${ctx.keg.name}:${ctx.plugin.name}`;
  const same = (a: string | Uint8Array, b: string | Uint8Array): boolean => goldenEqual(fn, Buffer.from(a), b, tolerance);
  const claim = ctx.goldenWrites.claim(expect.path, writer, content, stored, same);
  if (claim.kind === 'disagrees') {
    try {
      if (claim.restored) await restoreGolden(expect.path, claim.original);
    } catch (error) {
      return { message: `cannot restore golden file ${expect.relative}: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
    }
    return {
      message: `plugins disagree on golden file ${expect.relative}: ${claim.writer} wrote one output, ${writer} returned another; the file is left as it was before this run`,
      diff: { expected: `${renderGolden(claim.content)}\n(from ${claim.writer})`, actual: renderGolden(content) },
      status: 'error',
    };
  }
  if (stored !== undefined && goldenEqual(fn, stored, content, tolerance)) return undefined;
  try {
    await writeGolden(expect.path, content);
  } catch (error) {
    return { message: `cannot write golden file ${expect.relative}: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
  }
  ctx.onGoldenUpdated(expect.path);
  notes.push(`golden file ${stored === undefined ? 'created' : 'updated'}: ${expect.relative}`);
  return undefined;
}

function goldenEqual(fn: SuiteFunction, stored: Buffer, actual: string | Uint8Array, tolerance: number): boolean {
  if (typeof actual !== 'string') return equalBytes(new Uint8Array(stored), actual);
  const text = stored.toString('utf8');
  if (fn.output.kind === 'raw' && fn.output.framing === 'string') return text === actual;
  try {
    const storedJson: unknown = JSON.parse(text);
    const actualJson: unknown = JSON.parse(actual);
    if (fn.output.kind === 'packed') return equalDecoded(fn.output, valuesFromJson(fn.output, storedJson), valuesFromJson(fn.output, actualJson), tolerance);
    return equalJson(storedJson, actualJson, tolerance);
  } catch {
    return false;
  }
}

// What came back, for a diff: text when it is text, else the codec's hex view.
export function previewOutput(fn: SuiteFunction, output: Uint8Array): string {
  if (fn.output.kind === 'raw' && fn.output.framing !== 'bytes') {
    const text = outputText(output);
    if (text.ok) return text.text;
  }
  return describeBytes(fn.output.kind === 'packed' ? fn.output : BYTES, output);
}
