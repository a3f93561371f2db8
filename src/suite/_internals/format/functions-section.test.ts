import { describe, expect, it } from 'vitest';
import { functionLookup, functionsSection } from './functions-section.js';
import { runSections } from './section-test-context.js';

const HEAD = '[suite]\ntype = "t"\nversion = "1.0.0"\n';

describe('[[functions]] section', () => {
  it('builds raw and packed functions and keeps their declared places', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[functions]]\nname = "count"\ninput = "string"\noutput = "json"\n\n[[functions]]\nname = "add"\nargs = [{ name = "a", type = "i64" }]\nreturns = [{ name = "sum", type = "i64" }]\n`,
      [functionsSection],
    );
    expect(context.findings).toEqual([]);
    expect(parts.functions.get('count')).toMatchObject({ input: { kind: 'raw', framing: 'string' }, output: { kind: 'raw', framing: 'json' }, at: { line: 5 } });
    expect(parts.functions.get('add')?.input).toEqual({ kind: 'packed', fields: [{ name: 'a', type: 'i64' }] });
  });

  it('reports a duplicate function and a function without output, with line:column', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[functions]]\nname = "f"\noutput = "none"\n\n[[functions]]\nname = "f"\noutput = "none"\n\n[[functions]]\nname = "g"\n`,
      [functionsSection],
    );
    expect(context.findings.map((f) => [f.code, f.location.keyPath, f.location.line])).toEqual([
      ['suite-duplicate-function', 'functions[1].name', 10],
      ['suite-function-shape', 'functions[2]', 13],
    ]);
    expect([...parts.functions.keys()]).toEqual(['f']);
  });

  it('looks functions up: unknown names are reported, names whose declaration failed are not', () => {
    const { context, parts } = runSections(`${HEAD}\n[[functions]]\nname = "ok"\noutput = "none"\n\n[[functions]]\nname = "broken"\n`, [functionsSection]);
    const before = context.findings.length;
    const lookup = functionLookup(context, parts.functions);
    expect(lookup('ok', '/cases/0/function')?.name).toBe('ok');
    expect(lookup('broken', '/cases/0/function')).toBeUndefined();
    expect(context.findings.length).toBe(before);
    expect(lookup('missing', '/cases/0/function')).toBeUndefined();
    expect(context.findings.slice(before).map((f) => [f.code, f.expected])).toEqual([['suite-unknown-function', 'one of: ok']]);
  });
});
