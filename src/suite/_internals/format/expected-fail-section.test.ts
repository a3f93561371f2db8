import { expect, it } from 'vitest';
import { expectedFailSection } from './expected-fail-section.js';
import { runSections } from './section-test-context.js';

it('[[expected_fail]] keeps keg, plugin, check and reason with where each was declared', () => {
  const { context, parts } = runSections(
    '[suite]\ntype = "t"\nversion = "1.0.0"\n\n[[functions]]\nname = "f"\noutput = "none"\n\n[[expected_fail]]\nkeg = "old-*"\ncheck = "case:x"\nreason = "known"\n\n[[expected_fail]]\nkeg = "k"\nplugin = "p"\ncheck = "*"\nreason = "r"\n',
    [expectedFailSection],
  );
  expect(context.findings).toEqual([]);
  expect(parts.expectedFail).toEqual([
    { keg: 'old-*', check: 'case:x', reason: 'known', at: { file: context.file, line: 9, column: 1 } },
    { keg: 'k', plugin: 'p', check: '*', reason: 'r', at: { file: context.file, line: 14, column: 1 } },
  ]);
});
