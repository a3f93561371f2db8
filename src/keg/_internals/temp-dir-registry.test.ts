import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, liveTempDirs, removeTempDir } from './temp-dir-registry.js';

const REGISTRY = fileURLToPath(new URL('./temp-dir-registry.ts', import.meta.url));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kegcheck-test-registry-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

// A child process that makes a temp dir, reports it, and then ends as told.
function child(ending: 'exit' | 'wait'): Promise<{ dir: string; done: Promise<{ code: number | null; signal: string | null }>; kill: () => void }> {
  const script = `
    const { createTempDir } = await import(${JSON.stringify(REGISTRY)});
    const dir = await createTempDir(${JSON.stringify(root)});
    process.stdout.write(dir + '\\n');
    ${ending === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
  `;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ dir: out.trim(), done, kill: () => proc.kill('SIGTERM') });
    });
    proc.on('error', reject);
    void done.then(() => resolve({ dir: out.trim(), done, kill: () => {} }));
  });
}

describe('temp dir registry', () => {
  it('creates kegcheck-* dirs and removes them on request', async () => {
    const dir = await createTempDir(root);
    expect(dir.startsWith(join(root, 'kegcheck-'))).toBe(true);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(liveTempDirs()).toContain(dir);
    await removeTempDir(dir);
    await removeTempDir(dir);
    expect(liveTempDirs()).not.toContain(dir);
    expect(await readdir(root)).toEqual([]);
  });

  it('removes live dirs when the process exits without disposing', async () => {
    const { dir, done } = await child('exit');
    expect(dir.startsWith(join(root, 'kegcheck-'))).toBe(true);
    expect(await done).toEqual({ code: 0, signal: null });
    expect(await readdir(root)).toEqual([]);
  });

  it('removes live dirs on SIGTERM and still dies of the signal', async () => {
    const { dir, done, kill } = await child('wait');
    expect((await stat(dir)).isDirectory()).toBe(true);
    kill();
    expect(await done).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await readdir(root)).toEqual([]);
  });
});
