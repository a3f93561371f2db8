import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, main } from './main.js';
import type { CliIO } from './cli-io.js';

function captureIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}

describe('kegcheck --help', () => {
  it('lists every command module under src/cli/commands, each with its summary', async () => {
    const modules = (await readdir(new URL('./commands/', import.meta.url)))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.slice(0, -'.ts'.length))
      .sort();
    expect([...COMMAND_NAMES].sort()).toEqual(modules);
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of modules) expect(io.out()).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('treats names of Object.prototype as unknown commands', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const io = captureIO();
      expect(await main([name], io)).toBe(2);
      expect(io.err()).toContain(`unknown command '${name}'`);
      expect(io.err()).not.toContain('internal error');
    }
  });
});
