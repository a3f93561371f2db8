import type { PropertySpec, SuiteFunction } from '../../suite.js';
import type { CallablePlugin, PluginRunContext } from '../plugin-context.js';
import type { BatchedVerdict, CheckedVerdict, RejectsInvalidPayload, WorkerPropertyPayload, WorkerPropertyVerdict } from './worker-property-protocol.js';

// The module the worker imports: the compiled file in dist/, the TypeScript source in the repo (the worker registers tsx).
const WORKER_PROPERTY_MODULE = new URL(import.meta.url.endsWith('.ts') ? './worker-property.ts' : './worker-property.js', import.meta.url).href;

/**
 * Runs a per-call property's batched runs in the worker that calls the plugin
 * (worker-property.ts). Undefined when they are to run on this thread instead:
 * no worker tasks here (the old path, or --coverage), a plugin that echoes its
 * output, or a worker lost on the way (a call past its deadline, a crash):
 * the main thread then runs the property from the start, which gives the
 * same verdict (the deadline is paid again).
 */
export async function batchedInWorker(
  ctx: PluginRunContext,
  p: PropertySpec,
  fn: SuiteFunction,
  numRuns: number,
  reference: { readonly base: CallablePlugin; readonly label: string } | undefined,
): Promise<BatchedVerdict | undefined> {
  if (ctx.runTask === undefined || ctx.target.spec.echo === true || reference?.base.spec.echo === true) return undefined;
  const payload: WorkerPropertyPayload = { kind: 'batched', p, fn, seed: ctx.seed, numRuns, timeoutMs: ctx.timeoutMs, suiteFile: ctx.suite.file, referenceLabel: reference?.label };
  const specs = reference === undefined ? [ctx.target.spec] : [ctx.target.spec, reference.base.spec];
  const verdict = await runTask(ctx.runTask, specs, payload);
  if (verdict === undefined || verdict.kind === 'error' || verdict.kind === 'ran') return verdict;
  return { kind: 'error', message: `internal: the worker answered a batched property with ${verdict.kind}` };
}

/**
 * Runs a rejects_invalid property whole (fast-check's loop, shrinking
 * included) in the worker that calls the plugin. Undefined as above: the
 * main thread then runs it.
 */
export async function rejectsInvalidInWorker(ctx: PluginRunContext, p: PropertySpec, fn: SuiteFunction, numRuns: number, base: RejectsInvalidPayload['base']): Promise<CheckedVerdict | undefined> {
  if (ctx.runTask === undefined || ctx.target.spec.echo === true) return undefined;
  const verdict = await runTask(ctx.runTask, [ctx.target.spec], { kind: 'rejects_invalid', p, fn, seed: ctx.seed, numRuns, replayPath: ctx.replayPath, timeoutMs: ctx.timeoutMs, base });
  if (verdict === undefined || verdict.kind === 'checked') return verdict;
  // Kegcheck's own failure is not hidden behind a verdict.
  const message = verdict.kind === 'error' ? verdict.message : `internal: the worker answered a rejects_invalid property with ${verdict.kind}`;
  return { kind: 'checked', result: { ...base, status: 'error', durationMs: 0, message }, executed: 0, covered: { called: [], hostCalls: [], staticReads: [], httpLines: [] } };
}

async function runTask(run: NonNullable<PluginRunContext['runTask']>, specs: CallablePlugin['spec'][], payload: WorkerPropertyPayload): Promise<WorkerPropertyVerdict | undefined> {
  const outcome = await run(WORKER_PROPERTY_MODULE, specs, payload);
  if (outcome.ok) return outcome.value as WorkerPropertyVerdict;
  // Kegcheck's own failure (the task module threw) is not hidden behind a verdict.
  if (outcome.kind === 'threw') return { kind: 'error', message: `internal: the property's worker task failed: ${outcome.message}` };
  return undefined;
}
