import { describe, expect, it } from 'vitest';
import { MAX_RECORDS, MAX_TEXT, emptyCapture, noteHostCall, noteLog, notePrint, noteStaticRead } from './call-capture.js';

describe('call capture', () => {
  it('collapses immediate repeats of a host call only', () => {
    const capture = emptyCapture();
    for (const name of ['a', 'a', 'b', 'a']) noteHostCall(capture, name);
    expect(capture.hostCalls).toEqual(['a', 'b', 'a']);
  });

  it('keeps at most MAX_RECORDS prints and logs, then one marker each', () => {
    const capture = emptyCapture();
    for (let i = 0; i < MAX_RECORDS + 50; i += 1) {
      notePrint(capture, `p${i}`);
      noteLog(capture, { level: 'info', text: `l${i}` });
      noteStaticRead(capture, { path: `s${i}`, outcome: 'missing' });
    }
    expect(capture.prints).toHaveLength(MAX_RECORDS + 1);
    expect(capture.prints[MAX_RECORDS - 1]).toBe(`p${MAX_RECORDS - 1}`);
    expect(capture.prints[MAX_RECORDS]).toMatch(/dropped/);
    expect(capture.logs).toHaveLength(MAX_RECORDS + 1);
    expect(capture.logs[MAX_RECORDS]?.text).toMatch(/dropped/);
    expect(capture.staticReads).toHaveLength(MAX_RECORDS);
  });

  it('clips a huge line and says by how much', () => {
    const capture = emptyCapture();
    notePrint(capture, 'x'.repeat(MAX_TEXT + 10));
    expect(capture.prints[0]).toHaveLength(MAX_TEXT + '… [10 more characters]'.length);
    expect(capture.prints[0]).toMatch(/\[10 more characters\]$/);
  });
});
