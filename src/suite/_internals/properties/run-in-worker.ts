import type { Supervisor } from '../../../host/supervisor.js';
import type { PropertySpec, Suite, SuiteFunction } from '../../suite.js';
import type { CallablePlugin, PluginRunContext } from '../plugin-context.js';
import { isPerCallCheck } from './per-call-checks.js';
import { DEFAULT_SHARE_RUNS, mergeShares, propertyShares, spreadWidth } from './property-shares.js';
import type { BatchedPayload, BatchedVerdict, CheckedVerdict, RejectsInvalidPayload, WorkerPropertyPayload, WorkerPropertyVerdict } from './worker-property-protocol.js';

// The module the worker imports: the compiled file in dist/, the TypeScript source in the repo (the worker registers tsx).
const WORKER_PROPERTY_MODULE = new URL(import.meta.url.endsWith('.ts') ? './worker-property.ts' : './worker-property.js', import.meta.url).href;

/**
 * Has the supervisor's workers import the property task module while they
 * wait, when the suite has properties that may run there, so that the first
 * such property's duration does not hold the import; and when one of them is
 * long enough to be spread over workers, starts those workers now, so that
 * its shares do not wait for their boot.
 */
export function preparePropertyWorkers(supervisor: Supervisor, suite: Suite, runs: number | undefined, shareRuns: number | undefined): void {
  const inWorkers = suite.properties.filter((p) => p.check !== 'model' && p.check !== 'isolated');
  if (inWorkers.length === 0) return;
  supervisor.preloadTask(WORKER_PROPERTY_MODULE);
  const shares = Math.max(...inWorkers.map((p) => (isPerCallCheck(p.check) ? propertyShares(runs ?? p.runs, shareRuns ?? DEFAULT_SHARE_RUNS).length : 1)));
  // As batchedInWorker decides: workers that would not be used are not started.
  const width = shareRuns === undefined ? spreadWidth(shares, supervisor.availableWorkers()) : Math.min(shares, supervisor.availableWorkers());
  if (width > 1) supervisor.startWorkers();
}

/**
 * Runs a per-call property's batched runs in the worker that calls the plugin
 * (worker-property.ts); a long property, when other workers are free, in
 * shares over several (property-shares.ts), with the same verdict. Undefined when they are to run on this thread instead:
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
  const run = ctx.runTask;
  if (run === undefined || ctx.target.spec.echo === true || reference?.base.spec.echo === true) return undefined;
  const payload: BatchedPayload = { kind: 'batched', p, fn, seed: ctx.seed, numRuns, timeoutMs: ctx.timeoutMs, suiteFile: ctx.suite.file, referenceLabel: reference?.label };
  const specs = reference === undefined ? [ctx.target.spec] : [ctx.target.spec, reference.base.spec];
  const shares = propertyShares(numRuns, ctx.propertyShareRuns ?? DEFAULT_SHARE_RUNS);
  const freeWorkers = shares.length > 1 ? (ctx.availableWorkers?.(ctx.target.spec.maxHeapMb) ?? 1) : 1;
  // A share size given explicitly (tests) spreads whatever the machine's load.
  const width = ctx.propertyShareRuns === undefined ? spreadWidth(shares.length, freeWorkers) : Math.min(shares.length, freeWorkers);
  if (width <= 1) return batchedVerdict(await runTask(run, specs, payload));
  // Spread over the workers free now: each share goes to the next worker that frees,
  // and none starts once a share did not pass (the shares before it decide).
  const verdicts: Promise<BatchedVerdict | undefined>[] = [];
  let next = 0;
  let stop = false;
  const start = (): void => {
    if (stop || next >= shares.length) return;
    const range = shares[next];
    next += 1;
    const verdict = runTask(run, specs, { ...payload, range }).then(batchedVerdict);
    verdicts.push(verdict);
    void verdict.then((v) => {
      if (v === undefined || v.kind !== 'ran' || v.failedAt !== undefined) stop = true;
      start();
    });
  };
  for (let i = 0; i < width; i += 1) start();
  return mergeShares(shares.length, verdicts);
}

function batchedVerdict(verdict: WorkerPropertyVerdict | undefined): BatchedVerdict | undefined {
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
