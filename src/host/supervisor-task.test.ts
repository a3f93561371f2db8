import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverageCollector } from './coverage-collector.js';
import { fixtureSpec } from './_internals/fixture-specs.js';
import { Supervisor } from './supervisor.js';

// Worker tasks: a module run on a worker next to the plugins it calls
// (properties use them, suite/_internals/properties/worker-property.ts).

const TASK = `
export async function runWorkerTask(payload, host) {
  if (payload.throw) throw new Error('task module broke');
  const results = await host.run(0, payload.inputs.map((text, i) => ({ fn: payload.fn, input: new TextEncoder().encode(text), fresh: i === 0, timeoutMs: 300 })));
  return results.map((r) => (r.kind === 'ok' ? new TextDecoder().decode(r.output) : r.kind));
}
`;

let dir: string;
let module: string;
const supervisor = new Supervisor({ workers: 1 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-task-test-'));
  await writeFile(join(dir, 'task.mjs'), TASK);
  module = pathToFileURL(join(dir, 'task.mjs')).href;
});
afterAll(async () => {
  await supervisor.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Supervisor.task', () => {
  it("runs the module on a worker, which calls the task's plugin there and returns its answer", async () => {
    const outcome = await supervisor.task(module, [fixtureSpec('probe-keg', 'count_vowels')], { fn: 'count_vowels', inputs: ['Hello World', 'aeiou'] });
    expect(outcome).toEqual({ ok: true, value: [expect.stringContaining('3'), expect.stringContaining('5')] });
  });

  it('loses the task when a call runs past its deadline, and the next task gets a working worker', async () => {
    const started = performance.now();
    const lost = await supervisor.task(module, [fixtureSpec('hostile-keg', 'loop_forever')], { fn: 'run', inputs: [''] });
    expect(lost).toMatchObject({ ok: false, kind: 'lost', message: expect.stringContaining('300 ms') });
    expect(performance.now() - started).toBeLessThan(5000);
    const after = await supervisor.task(module, [fixtureSpec('probe-keg', 'count_vowels')], { fn: 'count_vowels', inputs: ['a'] });
    expect(after.ok).toBe(true);
  });

  it('says the module threw, with its message, rather than a verdict', async () => {
    const outcome = await supervisor.task(module, [fixtureSpec('probe-keg', 'count_vowels')], { throw: true });
    expect(outcome).toMatchObject({ ok: false, kind: 'threw', message: expect.stringContaining('task module broke') });
  });

  it('refuses under --coverage (instrumented plugins run only as batches)', async () => {
    const covering = new Supervisor({ workers: 1, coverage: await CoverageCollector.create() });
    try {
      expect(await covering.task(module, [fixtureSpec('probe-keg', 'count_vowels')], {})).toMatchObject({ ok: false, kind: 'unsupported' });
    } finally {
      await covering.close();
    }
  });
});
