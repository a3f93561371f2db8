import { describe, expect, it } from 'vitest';
import { casesSection } from './cases-section.js';
import { functionsSection } from './functions-section.js';
import { hostOptionsSection } from './host-section.js';
import { runSections } from './section-test-context.js';

const HEAD = '[suite]\ntype = "t"\nversion = "1.0.0"\n\n[host]\nallowed_hosts = ["example.com"]\n\n[[functions]]\nname = "count"\ninput = "string"\noutput = "json"\n';
const SECTIONS = [hostOptionsSection, functionsSection, casesSection];

describe('[[cases]] section', () => {
  it('builds single-call and stepped cases with default names; a case with host keys of its own gets them', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[cases]]\nfunction = "count"\ninput = "aa"\nexpect = { json = { count = 2 } }\n\n[[cases]]\nname = "two"\nstrict_mocks = true\n[[cases.steps]]\nfunction = "count"\ninput = "a"\nexpect = { json = { count = 1 } }\n[[cases.steps]]\nfunction = "count"\ninput = ""\nexpect = { json = { count = 0 } }\n`,
      SECTIONS,
    );
    expect(context.findings).toEqual([]);
    expect(parts.cases.map((c) => [c.name, c.stateful, c.steps.length])).toEqual([['count#1', false, 1], ['two', true, 2]]);
    expect(parts.cases[1]?.host).toEqual({ strictMocks: true });
    expect(parts.cases[0]?.host).toBeUndefined();
  });

  it('reports stray keys beside steps, a missing expect, and a duplicate name', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[cases]]\nfunction = "count"\n[[cases.steps]]\nfunction = "count"\ninput = "a"\nexpect = { json = 1 }\n\n[[cases]]\nfunction = "count"\ninput = "a"\n\n[[cases]]\nname = "x"\nfunction = "count"\ninput = "a"\nexpect = { json = 1 }\n\n[[cases]]\nname = "x"\nfunction = "count"\ninput = "b"\nexpect = { json = 1 }\n`,
      SECTIONS,
    );
    expect(context.findings.map((f) => [f.code, f.location.keyPath])).toEqual([
      ['suite-case-shape', 'cases[0].function'],
      ['suite-case-shape', 'cases[1]'],
      ['suite-duplicate-case', 'cases[3].name'],
    ]);
    expect(parts.cases.map((c) => c.name)).toEqual(['x']);
  });
});
