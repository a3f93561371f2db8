import { describe, expect, it } from 'vitest';
import { createReporters } from '../../report/create-reporters.js';
import { keepResultsFor } from './keep-results.js';

const context = { outDir: '/nonexistent', env: {}, isTTY: false, write: () => undefined };

describe('keepResultsFor', () => {
  it('keeps nothing when every reporter streams, verdicts when the command needs them', async () => {
    const streaming = await createReporters(['console', 'json', 'junit'], context);
    expect(keepResultsFor(streaming, false)).toBe('none');
    expect(keepResultsFor(streaming, true)).toBe('verdicts');
  });

  it('keeps everything for a reporter that renders from the whole report', async () => {
    for (const name of ['html', 'markdown', 'github']) {
      expect(keepResultsFor(await createReporters(['console', name], context), false)).toBe('all');
    }
  });
});
