import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyParams } from '../codec/_internals/property-params.js';
import { errorPattern } from './scaffold-suite.js';

describe('errorPattern', () => {
  it('escapes regex syntax so the observed message matches literally', () => {
    expect(errorPattern('bad (input) [x]? $1.5*')).toBe('bad \\(input\\) \\[x\\]\\? \\$1\\.5\\*');
    expect(errorPattern('a/b\\c{2}|^')).toBe('a\\/b\\\\c\\{2\\}\\|\\^');
  });

  it('keeps the first line with text, cut to 100 characters', () => {
    expect(errorPattern('\n  \nwasm trap: unreachable\n    at wasm-function[3]:0x42')).toBe('wasm trap: unreachable');
    expect(errorPattern('x'.repeat(300))).toBe('x'.repeat(100));
  });

  it('is never empty: a blank message gives a pattern that matches blank messages only', () => {
    expect(errorPattern('')).toBe('^\\s*$');
    expect(errorPattern(' \n\t')).toBe('^\\s*$');
    expect(new RegExp(errorPattern('')).test('boom')).toBe(false);
  });

  it('gives a pattern that matches the message it came from', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (message) => {
        const pattern = errorPattern(message);
        expect(pattern).not.toBe('');
        expect(new RegExp(pattern).test(message)).toBe(true);
      }),
      propertyParams('errorPattern matches its message', 500),
    );
  });
});
