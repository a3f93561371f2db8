import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./_internals/exit-check-child.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the child; `onLine` may react to its output; kills it (and fails) if it outlives `limitMs`. */
function runChild(mode: string, onLine: (line: string, child: ReturnType<typeof spawn>) => void, limitMs = 30_000): Promise<Run & { hung: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const limit = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line !== '') onLine(line, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr, hung });
    });
  });
}

describe('a process using the Supervisor', () => {
  it('on SIGINT aborts the runaway call, keeps the finished results and exits by itself', async () => {
    const run = await runChild('sigint', (line, child) => {
      if (line === 'running') child.kill('SIGINT');
    });
    expect(run.hung).toBe(false);
    expect(run.stdout).toContain('running');
    expect(run.stdout).toContain('["ok","crash"]');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Unhandled|Error/);
  });

  it('exits on its own after a timeout even when close() is never called', async () => {
    const run = await runChild('no-close', () => undefined);
    expect(run.hung).toBe(false);
    expect(run.stdout).toContain('["ok","timeout","ok"]');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Unhandled|Error/);
  });

  it('exits on its own with a prestarted worker nobody took, well before that worker would stop itself', async () => {
    // The parked thread stops itself after 10 s; the process must not wait for that.
    const run = await runChild('prestarted', () => undefined, 8_000);
    expect(run.hung).toBe(false);
    expect(run.stdout).toContain('prestarted');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Unhandled|Error/);
  });
});
