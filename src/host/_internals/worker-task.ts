import { DEFAULT_TIMEOUT_MS, type CallRequest, type CallResult } from '../plugin-spec.js';
import { PluginSession } from './plugin-session.js';
import { COMPILING, IDLE, type ProgressWriter } from './progress-slot.js';
import type { TaskMessage, TaskReply, WorkerTaskHost, WorkerTaskModule } from './worker-task-protocol.js';

const COMPILE_DEADLINE_MS = 60_000;

/**
 * Runs one task on this worker: imports its module, opens its plugins' sessions
 * as they are first called, and answers with the module's return value. The
 * progress slot says which call runs and since when, so the parent's watchdog
 * stops the worker at a call's deadline; between call lists (drawing, judging)
 * the slot is idle and no deadline runs.
 */
export async function runWorkerTask(message: TaskMessage, progress: ProgressWriter, post: (reply: TaskReply) => void): Promise<void> {
  const sessions = new Map<number, PluginSession>();
  // A counter rather than the call's place in its list: the watchdog reads it only to name the call it stopped.
  let calls = 0;

  const runList = async (plugin: number, requests: readonly CallRequest[]): Promise<CallResult[]> => {
    const spec = message.specs[plugin];
    if (spec === undefined) throw new Error(`worker task: no plugin ${plugin}`);
    let session = sessions.get(plugin);
    if (session === undefined) {
      progress.set(message.batch, COMPILING, COMPILE_DEADLINE_MS);
      session = await PluginSession.open(spec);
      sessions.set(plugin, session);
      progress.set(message.batch, IDLE, 0);
    }
    const results: CallResult[] = [];
    try {
      for (let i = 0; i < requests.length; i += 1) {
        const request = requests[i];
        if (request === undefined) continue;
        const began = progress.set(message.batch, (calls += 1), request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        const { fn, input, config } = request;
        const fresh = i === 0 || request.fresh !== false;
        const outcome = await session.invoke({ fn, input, config, fresh });
        const elapsedMs = performance.now() - began;
        const capture = session.capture;
        const { prints, logs, staticReads, hostCalls } = capture;
        // The same shape the parent unpacks from a batch's results (result-chunk.ts); an ok output is the session's view, so copied.
        const result: CallResult =
          outcome.kind === 'ok' ? { kind: 'ok', output: outcome.output.slice(), elapsedMs, prints, logs, staticReads, hostCalls } : { ...outcome, elapsedMs, prints, logs, staticReads, hostCalls };
        if (capture.mockCalls !== undefined) result.mockCalls = capture.mockCalls;
        if (capture.httpRequests !== undefined) result.httpRequests = capture.httpRequests;
        results.push(result);
      }
    } finally {
      // Idle once the list is done: drawing and judging run under no call's deadline.
      progress.set(message.batch, IDLE, 0);
    }
    return results;
  };

  // One list at a time, whoever asks: the progress slot describes one call, so two lists
  // interleaving (the plugin's and the reference's) could leave a running call marked idle.
  let queue: Promise<unknown> = Promise.resolve();
  const host: WorkerTaskHost = {
    run(plugin, requests) {
      const next = queue.then(() => runList(plugin, requests));
      queue = next.catch(() => undefined);
      return next;
    },
  };
  try {
    const module = (await import(message.module)) as WorkerTaskModule;
    const value = await module.runWorkerTask(message.payload, host);
    post({ type: 'task-done', batch: message.batch, value });
  } catch (error) {
    post({ type: 'task-failed', batch: message.batch, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    progress.set(message.batch, IDLE, 0);
    await Promise.all([...sessions.values()].map((s) => s.close().catch(() => undefined)));
  }
}
