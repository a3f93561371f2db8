import { describe, expect, it } from 'vitest';
import { checkReplayPath } from './replay-path.js';

describe('checkReplayPath', () => {
  it('accepts fast-check paths and shared: sequences, refuses anything else with bad-replay-path', () => {
    expect(checkReplayPath('12:0:3')).toBe('12:0:3');
    expect(checkReplayPath('7')).toBe('7');
    expect(checkReplayPath('shared:3,17,42')).toBe('shared:3,17,42');
    for (const bad of ['abc', '1::2', 'shared:', 'shared:1,x', '-1']) expect(() => checkReplayPath(bad), bad).toThrow(expect.objectContaining({ code: 'bad-replay-path' }));
  });
});
