import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';

describe('displayPath', () => {
  it('shortens paths inside the working folder only', () => {
    expect(displayPath('/repo/conformance/a.suite.toml', '/repo')).toBe('conformance/a.suite.toml');
    expect(displayPath('/repo', '/repo')).toBe('.');
    expect(displayPath('/elsewhere/a.toml', '/repo')).toBe('/elsewhere/a.toml');
    expect(displayPath('/repository/a.toml', '/repo')).toBe('/repository/a.toml');
    expect(displayPath('kegs/x.keg', '/repo')).toBe('kegs/x.keg');
  });
});
