import { describe, expect, it } from 'vitest';
import { main } from '../main.js';
import type { CliIO } from '../cli-io.js';
import { parseCommandArgs } from './parse-command-args.js';

describe('parseCommandArgs', () => {
  it('returns values and positionals', () => {
    const parsed = parseCommandArgs('x', 'Usage: x', ['a', '--out', 'dir', '--force'], { out: { type: 'string' }, force: { type: 'boolean' } });
    expect(parsed.positionals).toEqual(['a']);
    expect(parsed.values).toEqual({ out: 'dir', force: true });
  });

  it('turns an unknown flag into a usage error naming the command, with the usage', () => {
    expect(() => parseCommandArgs('x', 'Usage: x <thing>', ['--nope'], {})).toThrow(
      expect.objectContaining({ code: 'usage', location: { file: 'kegcheck x' }, message: expect.stringContaining('Usage: x <thing>') }),
    );
  });

  it('is shown by the CLI with the code on the first line and no stack trace', async () => {
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: {}, cwd: process.cwd(), isTTY: false };
    expect(await main(['build', '--nope'], io)).toBe(2);
    const [first, ...rest] = err.split('\n');
    expect(first).toMatch(/^kegcheck: kegcheck build: Unknown option '--nope'.* \[usage\]$/);
    expect(rest.join('\n')).toContain('Usage: kegcheck build');
    expect(err).not.toContain('    at ');
  });
});
