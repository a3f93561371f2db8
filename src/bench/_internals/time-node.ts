import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS_HOOK = fileURLToPath(new URL('./max-rss-hook.mjs', import.meta.url));
const running = new Set<ChildProcess>();

/** Kills every measured process still running (the bench was interrupted). */
export function stopRunningProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ProcessRun {
  readonly wallMs: number;
  /** Peak RSS of the measured node process in KiB (from getrusage in the process itself). */
  readonly maxRssKb: number;
  /** CPU time of the measured node process in ms, user + system, every thread (from getrusage in the process itself). */
  readonly cpuMs: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node <args>` to completion and measures its wall time and peak RSS.
 * The RSS hook is preloaded into the child; its time is inside the measured
 * wall time of both sides of every ratio, so it cancels out.
 */
export async function timeNode(args: readonly string[], options: { cwd: string; workDir: string; timeoutMs?: number; env?: Readonly<Record<string, string>> }): Promise<ProcessRun> {
  const rssFile = join(options.workDir, `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', RSS_HOOK, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, KEGCHECK_BENCH_RSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
  running.add(child);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? -1 : 128)));
  }).finally(() => running.delete(child));
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  const [maxRss, cpuUs] = existsSync(rssFile) ? (await readFile(rssFile, 'utf8')).split(' ') : [];
  await rm(rssFile, { force: true });
  return { wallMs, maxRssKb: Number(maxRss ?? Number.NaN), cpuMs: Number(cpuUs ?? Number.NaN) / 1000, exitCode, stdout, stderr };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
