import { describe, expect, it } from 'vitest';
import { formatInternalError } from './format-internal-error.js';

describe('formatInternalError', () => {
  it('shows the stack and every cause in turn', () => {
    const root = new Error('root cause');
    const text = formatInternalError(new Error('outer', { cause: new Error('middle', { cause: root }) }));
    expect(text).toMatch(/^Error: outer\n\s+at /);
    expect(text.indexOf('Caused by: Error: middle')).toBeGreaterThan(0);
    expect(text.indexOf('Caused by: Error: root cause')).toBeGreaterThan(text.indexOf('middle'));
  });

  it('shows non-Error values and stops on a cause cycle', () => {
    expect(formatInternalError('plain')).toBe('plain');
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(formatInternalError(a).match(/Caused by/g)).toHaveLength(1);
  });
});
