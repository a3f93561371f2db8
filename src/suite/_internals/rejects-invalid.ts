import fc from 'fast-check';
import { describeBytes } from '../../codec/describe.js';
import { invalidInputArbitrary, type BrokenRule, type InvalidInput } from '../../codec/json-schema-mutations.js';
import type { CallResult } from '../../host/plugin-spec.js';
import type { PropertyCheckResult, CheckStatus, Counterexample } from '../../model/result.js';
import type { PropertySpec, SuiteFunction } from '../suite.js';
import { describeFailure } from './compare-output.js';
import { inputSchemaOf } from './input-schema.js';
import type { CallablePlugin } from './plugin-context.js';

// How a plugin may refuse an input: an error it set, or a non-zero return.
const CLEAN_REFUSALS: ReadonlySet<CallResult['kind']> = new Set(['plugin-error', 'exit-code']);

type Base = Pick<PropertyCheckResult, 'id' | 'kind' | 'name' | 'function' | 'location'>;

/** What the check needs of its run, on the main thread or in the worker that calls the plugin (plain data but the target). */
export interface RejectsInvalidEnv {
  readonly target: CallablePlugin;
  readonly seed: number;
  readonly numRuns: number;
  readonly replayPath: string | undefined;
  readonly timeoutMs: number | undefined;
}

/** The rule an input broke, for messages: `missing-required: 'required' at /a (schema /required): …`. */
export function describeBrokenRule(broke: BrokenRule): string {
  if (broke.mutation === 'malformed-json') return `malformed-json: ${broke.message}`;
  return `${broke.mutation}: '${broke.keyword}' at value${broke.instancePath === '' ? ' root' : broke.instancePath} (schema ${broke.schemaPath === '' ? '#' : broke.schemaPath}): ${broke.message}`;
}

/**
 * `check = "rejects_invalid"`: every input that breaks input_schema must end
 * as a clean refusal (plugin-error or a non-zero return). Output, a trap, a
 * timeout or a memory limit fails the check. Runs go one by one through
 * fast-check (no batching), so a failure shrinks straight away.
 */
export async function runRejectsInvalid(env: RejectsInvalidEnv, p: PropertySpec, fn: SuiteFunction, base: Base, started: number): Promise<{ result: PropertyCheckResult; executed: number }> {
  const schema = inputSchemaOf(fn);
  if (schema === undefined) return { result: { ...base, status: 'error', durationMs: 0, message: `'${fn.name}' has no input_schema to break` }, executed: 0 };
  const { numRuns } = env;
  let executed = 0;
  let stopShrinking = false;
  let last: { input: InvalidInput; result: CallResult; status: CheckStatus; message: string } | undefined;
  const property = fc.asyncProperty(invalidInputArbitrary(schema.arbitrary, schema.compiled), async (input) => {
    if (stopShrinking) return true;
    executed += 1;
    const [result] = await env.target.call([
      {
        fn: fn.name,
        input: input.bytes,
        fresh: p.freshInstance,
        ...(env.timeoutMs === undefined ? {} : { timeoutMs: env.timeoutMs }),
        ...(p.config === undefined ? {} : { config: p.config }),
      },
    ]);
    if (result === undefined) throw new Error('the supervisor returned no result');
    if (CLEAN_REFUSALS.has(result.kind)) return true;
    const verdict = judge(result);
    last = { input, result, ...verdict };
    if (verdict.status === 'timeout' || verdict.status === 'error') stopShrinking = true;
    return false;
  });
  const details = await fc.check(property, {
    seed: env.seed,
    numRuns,
    ...(env.replayPath === undefined ? {} : { path: env.replayPath, endOnFailure: true }),
  });
  const common = { seed: details.seed, runs: executed, durationMs: performance.now() - started };
  if (!details.failed) return { result: { ...base, ...common, status: 'pass' }, executed };
  if (last === undefined) {
    return { result: { ...base, ...common, status: 'error', message: `the property itself failed: ${String(details.errorInstance)}`, ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }) }, executed };
  }
  const { input, result, status, message } = last;
  const rule = describeBrokenRule(input.broke);
  const counterexample: Counterexample = {
    values: input.value,
    hex: describeBytes(fn.input, input.bytes),
    shrinks: details.numShrinks,
    broke: input.broke,
    ...(result.kind === 'ok' ? { outputHex: describeBytes(fn.output, result.output) } : {}),
  };
  const verdict: PropertyCheckResult = {
    ...base,
    ...common,
    status,
    message: `${message}\ninput broke ${rule}\ncounterexample after ${details.numShrinks} shrink(s): ${typeof input.value === 'string' && input.broke.mutation === 'malformed-json' ? `text ${JSON.stringify(input.value)}` : JSON.stringify(input.value)}`,
    diff: { expected: 'a plugin error (or non-zero return) for an input that breaks input_schema', actual: result.kind === 'ok' ? `ok with ${result.output.length} byte(s) of output` : describeFailure(result) },
    counterexample,
    notes: [`input broke ${rule}`],
    ...(details.counterexamplePath === null ? {} : { replayPath: details.counterexamplePath }),
    prints: result.prints,
    logs: result.logs,
    staticReads: result.staticReads,
  };
  return { result: verdict, executed };
}

function judge(result: CallResult): { status: CheckStatus; message: string } {
  switch (result.kind) {
    case 'ok':
      return { status: 'fail', message: 'the plugin accepted an input that breaks input_schema and returned output' };
    case 'timeout':
      return { status: 'timeout', message: `an input that breaks input_schema ran out of time: ${result.message}` };
    case 'trap':
    case 'memory-limit':
    case 'output-limit':
      return { status: 'fail', message: `an input that breaks input_schema ended in a ${result.kind}, not a clean error: ${result.message}` };
    default:
      return { status: 'error', message: `the call could not run: ${describeFailure(result)}` };
  }
}
