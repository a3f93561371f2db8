import { describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import type { CliIO } from './cli-io.js';

// A command module that cannot load, as a broken install or a bad bundle would leave it.
vi.mock('./commands/merge.js', () => {
  throw new Error('Cannot find module ../package.json (simulated)');
});

function captureIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env: {}, cwd: process.cwd(), isTTY: false, out: () => out, err: () => err };
}

describe('a command module that fails to load', () => {
  it('makes --help an internal error naming the command and the cause, not a shorter list', async () => {
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/^kegcheck: internal error/);
    expect(io.err()).toContain("the 'merge' command failed to load");
    expect(io.err()).toContain('Caused by:');
    expect(io.err()).toContain('Cannot find module ../package.json (simulated)');
  });

  it('makes running that command an internal error with the cause (exit 2)', async () => {
    const io = captureIO();
    expect(await main(['merge', 'a.json'], io)).toBe(2);
    expect(io.err()).toContain("the 'merge' command failed to load");
    expect(io.err()).toContain('Cannot find module ../package.json (simulated)');
  });

  it('leaves the other commands working', async () => {
    const io = captureIO();
    expect(await main(['pack', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: kegcheck pack');
  });
});
