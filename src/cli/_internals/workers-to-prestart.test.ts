import { describe, expect, it } from 'vitest';
import { workersToPrestart } from './workers-to-prestart.js';

describe('workersToPrestart', () => {
  it('is one without --workers', () => {
    expect(workersToPrestart(['suite.toml', 'keg'], 8)).toBe(1);
  });
  it('takes --workers N and --workers=N, the last one given', () => {
    expect(workersToPrestart(['suite.toml', '--workers', '2', 'keg'], 8)).toBe(2);
    expect(workersToPrestart(['suite.toml', '--workers=3'], 8)).toBe(3);
    expect(workersToPrestart(['--workers', '2', '--workers=4'], 8)).toBe(4);
  });
  it('never starts more threads than cores', () => {
    expect(workersToPrestart(['--workers', '16'], 2)).toBe(2);
    expect(workersToPrestart(['--workers', '2'], 1)).toBe(1);
  });
  it('counts a value the run will refuse, and anything after --, as one', () => {
    expect(workersToPrestart(['--workers', '0'], 4)).toBe(1);
    expect(workersToPrestart(['--workers', 'two'], 4)).toBe(1);
    expect(workersToPrestart(['--workers'], 4)).toBe(1);
    expect(workersToPrestart(['--', '--workers', '3'], 4)).toBe(1);
  });
});
