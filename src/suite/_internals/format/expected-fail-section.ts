import type { ExpectedFail } from '../../suite.js';
import type { Table } from './section-context.js';
import type { SuiteSection } from './suite-section.js';

/** `[[expected_fail]]`: known failures of named kegs, with their reason (matched when results come in). */
export const expectedFailSection: SuiteSection = {
  name: '[[expected_fail]]',
  parse: ({ root, at }) => ({
    expectedFail: ((root['expected_fail'] ?? []) as Table[]).map((raw, i) => ({
      keg: raw['keg'] as string,
      ...(typeof raw['plugin'] === 'string' ? { plugin: raw['plugin'] } : {}),
      check: raw['check'] as string,
      reason: raw['reason'] as string,
      at: at(`/expected_fail/${i}`),
    })) satisfies ExpectedFail[],
  }),
};
