import { describe, expect, it } from 'vitest';
import { KegcheckError, formatLocation, isKegcheckError } from './kegcheck-error.js';

describe('KegcheckError', () => {
  it('keeps code, location and cause', () => {
    const cause = new Error('inner');
    const error = new KegcheckError('toml-syntax', 'bad', { location: { file: 'keg.toml', line: 3, column: 7 }, cause });
    expect(error.code).toBe('toml-syntax');
    expect(error.cause).toBe(cause);
    expect(isKegcheckError(error)).toBe(true);
    expect(isKegcheckError(new Error('x'))).toBe(false);
    expect(formatLocation(error.location!)).toBe('keg.toml:3:7');
  });

  it('formats a key path after the position', () => {
    expect(formatLocation({ file: 'keg.toml', line: 2, keyPath: 'plugins[0].name' })).toBe('keg.toml:2 (plugins[0].name)');
  });
});

describe('error codes', () => {
  it('are a closed list: a code outside KegcheckErrorCode does not compile (npm run typecheck runs this file)', () => {
    // @ts-expect-error 'no-such-code' is not a KegcheckErrorCode; when this line compiles, the union was widened to string.
    const error = new KegcheckError('no-such-code', 'x');
    expect(error.code).toBe('no-such-code');
  });
});
