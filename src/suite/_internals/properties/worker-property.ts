import { valuesArbitrary } from '../../../codec/arbitraries.js';
import { encode } from '../../../codec/encode.js';
import type { Signature } from '../../../codec/signature.js';
import { drawRuns } from '../batched-runs.js';
import type { CallRequest, CallResult } from '../../../host/plugin-spec.js';
import type { WorkerTaskHost } from '../../../host/_internals/worker-task-protocol.js';
import { CoveredCallsRecorder } from '../coverage-tracker.js';
import { InputRange } from '../input-range.js';
import { inputSchemaOf } from '../input-schema.js';
import { loadSchemaArbitrary } from '../schema-arbitrary-support.js';
import type { CallablePlugin } from '../plugin-context.js';
import { prefetchingPlugin, type PrefetchingPlugin } from '../prefetching-plugin.js';
import type { UserModule } from '../user-module.js';
import { batchedPhase } from './batched-phase.js';
import { PER_CALL_CHECKS, isPerCallCheck } from './per-call-checks.js';
import type { LenientTally } from './run-failure.js';
import { runRejectsInvalid } from '../rejects-invalid.js';
import type { BatchedPayload, BatchedVerdict, CheckedVerdict, RejectsInvalidPayload, RememberedAnswers, WorkerPropertyPayload, WorkerPropertyVerdict } from './worker-property-protocol.js';

// Runs in the worker that calls the plugin (a worker task, see
// host/_internals/worker-task-protocol.ts): draws a property's values, calls,
// and judges its batched runs here, so that only the verdict crosses threads.
// The main thread (run-in-worker.ts) takes over from a failing run, to shrink.

// The specs stay with the host, which opened the plugins: these plugins only call.
const NO_SPEC = undefined as unknown as CallablePlugin['spec'];

/** The plugin `index` of the task, its calls one list at a time (the worker has one thread to call on). */
function workerPlugin(host: WorkerTaskHost, index: number, spec: CallablePlugin['spec'], pending: Promise<unknown>[], covered?: CoveredCallsRecorder): CallablePlugin {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    spec,
    call(calls) {
      const next = queue.then(() => host.run(index, calls));
      queue = next.catch(() => undefined);
      pending.push(queue);
      if (covered === undefined) return next;
      return next.then((results) => {
        results.forEach((r, i) => covered.record(calls[i]?.fn ?? '', r));
        return results;
      });
    },
  };
}

/** A prefetching plugin that also hands on what it is asked to remember (the failing run's answers). */
function remembering(base: CallablePlugin, kept: RememberedAnswers[]): PrefetchingPlugin {
  const plugin = prefetchingPlugin(base, 1);
  return {
    ...plugin,
    remember(calls: readonly CallRequest[], results: CallResult[]) {
      kept.push({ calls: [...calls], results });
      plugin.remember(calls, results);
    },
  };
}

// A signature with every packed field type, the kind of values most properties draw.
const WARM_UP_SIGNATURE: Signature = {
  kind: 'packed',
  fields: [
    { name: 'a', type: 'i64' },
    { name: 'b', type: 'f32' },
    { name: 'c', type: 'str' },
    { name: 'd', type: 'bin' },
  ],
};

/**
 * Run while the worker waits for its first property (see PreloadMessage):
 * draws and encodes a few hundred values, so that fast-check's generators and
 * the encoder are compiled before a property's clock starts rather than in its
 * first runs. Nothing it does stays behind but the compiled code.
 */
export function warmUpWorkerTask(): void {
  const arbitrary = valuesArbitrary(WARM_UP_SIGNATURE, { c: { maxLength: 32 }, d: { maxLength: 32 } });
  for (const values of drawRuns(arbitrary, 1, 0, 400)) encode(WARM_UP_SIGNATURE, values);
}

export async function runWorkerTask(payload: unknown, host: WorkerTaskHost): Promise<WorkerPropertyVerdict> {
  const given = payload as WorkerPropertyPayload;
  // The main thread loaded it when it parsed the suite; this thread has not.
  if (given.fn.inputSchema !== undefined) await loadSchemaArbitrary();
  return given.kind === 'rejects_invalid' ? rejectsInvalid(given, host) : batched(given, host);
}

async function rejectsInvalid(payload: RejectsInvalidPayload, host: WorkerTaskHost): Promise<CheckedVerdict> {
  const started = performance.now();
  const covered = new CoveredCallsRecorder();
  const target = workerPlugin(host, 0, NO_SPEC, [], covered);
  const { result, executed } = await runRejectsInvalid({ target, seed: payload.seed, numRuns: payload.numRuns, replayPath: payload.replayPath, timeoutMs: payload.timeoutMs }, payload.p, payload.fn, payload.base, started);
  return { kind: 'checked', result, executed, covered: covered.take() };
}

async function batched(payload: BatchedPayload, host: WorkerTaskHost): Promise<BatchedVerdict> {
  const { p, fn, seed, numRuns, timeoutMs, suiteFile, referenceLabel } = payload;
  if (!isPerCallCheck(p.check)) throw new Error(`the ${p.check} check does not run in a worker`);
  const pending: Promise<unknown>[] = [];
  const covered = new CoveredCallsRecorder();
  const targetBase = workerPlugin(host, 0, NO_SPEC, pending, covered);
  const referenceBase = referenceLabel === undefined ? undefined : workerPlugin(host, 1, NO_SPEC, pending);
  const remembered = { plugin: [] as RememberedAnswers[], reference: [] as RememberedAnswers[] };
  const target = remembering(targetBase, remembered.plugin);
  const reference = referenceBase === undefined ? undefined : remembering(referenceBase, remembered.reference);
  const tally: LenientTally = { runs: 0, first: undefined };
  const opened: UserModule[] = [];
  try {
    const prepared = await PER_CALL_CHECKS[p.check].prepare({
      p,
      fn,
      timeoutMs,
      suiteFile,
      target,
      reference: reference === undefined || referenceLabel === undefined ? undefined : { plugin: reference, label: referenceLabel },
      tally,
      opened,
    });
    if (!prepared.ok) return { kind: 'error', message: prepared.message };
    const range = new InputRange();
    const arbitrary = (inputSchemaOf(fn)?.arbitrary ?? valuesArbitrary(fn.input, p.constraints)).map((values) => {
      range.observe(fn.input, values);
      return values;
    });
    const inputs: unknown[] = [];
    const phase = await batchedPhase({
      p,
      fn,
      timeoutMs,
      arbitrary,
      seed,
      numRuns,
      target: { plugin: target, base: targetBase },
      reference: reference === undefined || referenceBase === undefined ? undefined : { plugin: reference, base: referenceBase },
      evaluate: prepared.evaluate,
      recordInput: (values) => inputs.push(values),
      range: payload.range,
    });
    // Batches sent ahead of a failure still run, as they do from the main thread, and count for coverage.
    await Promise.all(pending);
    return {
      kind: 'ran',
      failedAt: phase.failedAt,
      shared: phase.shared === undefined ? undefined : { from: phase.shared.from, count: phase.shared.values.length },
      userCodeFailure: phase.userCodeFailure,
      ...(phase.judgeError === undefined ? {} : { judgeError: phase.judgeError }),
      remembered,
      tally,
      range: range.spans(),
      covered: covered.take(),
      inputs,
    };
  } finally {
    await Promise.all(opened.map((m) => m.close()));
  }
}
