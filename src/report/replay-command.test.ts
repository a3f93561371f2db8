import { describe, expect, it } from 'vitest';
import type { PropertyCheckResult } from '../model/result.js';
import { replayCommand } from './replay-command.js';

const target = { suiteFile: 'conformance/v.suite.toml', kegSource: 'kegs/my keg', plugin: 'count' };
const property: PropertyCheckResult = { id: 'property:oracle', kind: 'property', name: 'oracle', function: 'count', status: 'fail', durationMs: 1, seed: -5, runs: 100 };

describe('replayCommand', () => {
  it('replays a shrunk counterexample in one run', () => {
    expect(replayCommand(target, { ...property, replayPath: '12:0:3' })).toBe(
      "kegcheck run conformance/v.suite.toml 'kegs/my keg' --plugin count --check property:oracle --seed -5 --replay-path 12:0:3 --runs 1",
    );
  });

  it('repeats the same runs when there is no path (an xpass)', () => {
    expect(replayCommand(target, { ...property, status: 'xpass' })).toBe("kegcheck run conformance/v.suite.toml 'kegs/my keg' --plugin count --check property:oracle --seed -5 --runs 100");
  });

  it('names a case by its id, quoted for the shell', () => {
    expect(replayCommand(target, { id: "case:it's", kind: 'case', name: "it's", status: 'fail', durationMs: 1 })).toBe(
      `kegcheck run conformance/v.suite.toml 'kegs/my keg' --plugin count --check 'case:it'\\''s'`,
    );
  });
});
