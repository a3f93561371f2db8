import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallRequest, CallResult } from '../../host/plugin-spec.js';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

// The host as it behaves when its worker thread dies under a call (a broken install, a bug in
// kegcheck): the first export traps as the plugin makes it, the second comes back as a crash.
vi.mock('../../host/supervisor.js', () => {
  const capture = { elapsedMs: 1, prints: [], logs: [], staticReads: [], hostCalls: [] };
  class Supervisor {
    static prestart(): void {}
    async run(_spec: unknown, calls: readonly CallRequest[]): Promise<CallResult[]> {
      return calls.map((_call, i) =>
        i === 0
          ? ({ ...capture, kind: 'trap', message: 'wasm trap: unreachable' } as CallResult)
          : ({ ...capture, kind: 'crash', message: 'the worker thread ended (exit code 1): Cannot find module ../package.json' } as CallResult),
      );
    }
    async close(): Promise<void> {}
  }
  return { Supervisor };
});

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: { NO_COLOR: '1' }, cwd: REPO, isTTY: false };
  return { code: await main(argv, io), out, err };
}

let root: ScratchRoot;
beforeAll(async () => {
  root = await scratchRoot();
});
afterAll(async () => {
  await root.dispose();
});

describe('kegcheck init when its probe crashes the host', () => {
  it('exits 2 naming the crash, and writes no suite to --out or stdout', async () => {
    const keg = await root.keg('crashing', [{ name: 'outcomes', type: 'kegcheck.test.outcomes', wat: 'probe-outcomes.wat' }]);
    const target = join(root.dir, 'crashed.suite.toml');
    const written = await cli(['init', keg, '--out', target]);
    expect(written.code).toBe(2);
    expect(written.err).toContain('[init-probe-crash]');
    expect(written.err).toContain('the worker thread ended (exit code 1)');
    expect(written.err).toContain('--no-probe');
    expect(written.err).not.toContain('    at ');
    await expect(access(target)).rejects.toMatchObject({ code: 'ENOENT' });

    const printed = await cli(['init', keg]);
    expect(printed.code).toBe(2);
    expect(printed.out).toBe('');
    expect(printed.err).toContain('[init-probe-crash]');
  });

  it('still scaffolds with --no-probe, which calls nothing', async () => {
    const keg = await root.keg('unprobed', [{ name: 'outcomes', type: 'kegcheck.test.outcomes', wat: 'probe-outcomes.wat' }]);
    const { code, out } = await cli(['init', keg, '--no-probe']);
    expect(code).toBe(0);
    expect(out).toContain('name = "crash_me"');
  });
});
