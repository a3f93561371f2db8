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
    expect(first).toMatch(/^kegcheck: kegcheck build: unknown option --nope \[usage\]$/);
    expect(rest.join('\n')).toContain('Usage: kegcheck build');
    expect(err).not.toContain('    at ');
  });

  it('suggests the closest option of the command and lists them all', () => {
    const options = { out: { type: 'string' }, force: { type: 'boolean' }, store: { type: 'string', multiple: true, short: 's' } } as const;
    const thrown = (argv: string[]): Error & { code?: string } => {
      try {
        parseCommandArgs('init', 'Usage: kegcheck init', argv, options);
      } catch (error) {
        return error as Error & { code?: string };
      }
      throw new Error(`accepted ${argv.join(' ')}`);
    };
    const outt = thrown(['keg', '--outt', 'x.toml']);
    expect(outt.code).toBe('usage');
    const [first, second] = outt.message.split('\n');
    expect(first).toBe('unknown option --outt; did you mean --out?');
    expect(second).toBe('its options: --out <value>, --force, --store <value> (-s), --help');
    expect(outt.message).toContain('Usage: kegcheck init');
    expect(thrown(['--froce']).message).toMatch(/^unknown option --froce; did you mean --force\?\n/);
    expect(thrown(['--outt=x.toml']).message).toMatch(/^unknown option --outt; did you mean --out\?\n/);
    // Nothing close, or a short flag: no guess, still the list.
    expect(thrown(['--verbose']).message).toMatch(/^unknown option --verbose\nits options: /);
    expect(thrown(['-x']).message).toMatch(/^unknown option -x\nits options: /);
  });

  it('shows the suggestion through the CLI for a real command, with the usage and no stack', async () => {
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: {}, cwd: process.cwd(), isTTY: false };
    expect(await main(['run', 'x.suite.toml', '--reporer', 'json'], io)).toBe(2);
    const [first, second] = err.split('\n');
    expect(first).toBe('kegcheck: kegcheck run: unknown option --reporer; did you mean --reporter? [usage]');
    expect(second).toMatch(/^its options: .*--reporter <value>.*--update-golden/);
    expect(err).toContain('Usage: kegcheck run');
    expect(err).not.toContain('    at ');
  });

  it('covers start, which takes options only', async () => {
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => void (err += t), env: {}, cwd: process.cwd(), isTTY: false };
    expect(await main(['start', '--fixtrues', 'fixtures'], io)).toBe(2);
    expect(err.split('\n')[0]).toBe('kegcheck: kegcheck start: unknown option --fixtrues; did you mean --fixtures? [usage]');
    err = '';
    expect(await main(['start', 'extra'], io)).toBe(2);
    expect(err.split('\n')[0]).toMatch(/unexpected argument 'extra'.*\[usage\]$/);
  });
});
