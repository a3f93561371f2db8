import { describe, expect, it } from 'vitest';
import { functionsSection } from './functions-section.js';
import { DEFAULT_PROPERTY_RUNS, propertiesSection } from './properties-section.js';
import { runSections } from './section-test-context.js';

const HEAD = '[suite]\ntype = "t"\nversion = "1.0.0"\n\n[[functions]]\nname = "echo"\nargs = [{ name = "n", type = "i64" }]\nreturns = [{ name = "n", type = "i64" }]\n\n[[functions]]\nname = "count"\ninput = "string"\noutput = "json"\n';
const SECTIONS = [functionsSection, propertiesSection];

describe('[[properties]] section', () => {
  it('names properties by check and function, numbers repeats, and applies default runs and limits', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[properties]]\nfunction = "echo"\ncheck = "roundtrip"\nmin = -5\nmax = 5\n\n[[properties]]\nfunction = "echo"\ncheck = "roundtrip"\nruns = 7\n`,
      SECTIONS,
    );
    expect(context.findings).toEqual([]);
    expect(parts.properties.map((p) => [p.name, p.runs])).toEqual([['roundtrip:echo', DEFAULT_PROPERTY_RUNS], ['roundtrip:echo#2', 7]]);
    expect(parts.properties[0]?.constraints).toEqual({ n: { min: -5n, max: 5n } });
  });

  it('refuses a roundtrip over a function of another shape, and limits for an argument that does not exist', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[properties]]\nfunction = "count"\ncheck = "roundtrip"\n\n[[properties]]\nfunction = "echo"\ncheck = "conforms"\nconstraints = { m = { max = 3 } }\n`,
      SECTIONS,
    );
    expect(context.findings.map((f) => [f.code, f.location.keyPath, f.expected])).toEqual([
      ['suite-property', 'properties[0].check', 'an echo-shaped function'],
      ['suite-property', 'properties[1].constraints.m', 'one of: n'],
    ]);
    expect(parts.properties).toEqual([]);
  });

  it('reports min above max and a missing oracle module', () => {
    const { context } = runSections(
      `${HEAD}\n[[properties]]\nfunction = "echo"\ncheck = "conforms"\nmin = 9\nmax = 1\n\n[[properties]]\nfunction = "count"\ncheck = "oracle"\noracle = "oracles/none.mjs"\n`,
      SECTIONS,
    );
    expect(context.findings.map((f) => [f.code, f.location.keyPath])).toEqual([
      ['suite-value', 'properties[0].min'],
      ['suite-oracle-missing', 'properties[1].oracle'],
    ]);
  });
});
