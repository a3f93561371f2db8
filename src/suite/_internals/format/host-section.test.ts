import { describe, expect, it } from 'vitest';
import { hostOptionsSection, hostSection } from './host-section.js';
import { runSections } from './section-test-context.js';

const HEAD = '[suite]\ntype = "t"\nversion = "1.0.0"\n\n[[functions]]\nname = "f"\noutput = "none"\n';

describe('[host] sections', () => {
  it('builds the host settings every call runs under, with typed mock values', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[host]\ntimeout_ms = 250\nwasi = true\nallowed_hosts = ["api.example.com"]\nconfig = { mode = "fast" }\n\n[[host.functions]]\nname = "answer"\nreturns = "i64"\nvalue = 42\n\n[[host.functions]]\nname = "noop"\nreturns = "none"\n`,
      [hostOptionsSection, hostSection],
    );
    expect(context.findings).toEqual([]);
    expect(parts.host).toMatchObject({ timeoutMs: 250, wasi: true, allowedHosts: ['api.example.com'], config: { mode: 'fast' } });
    expect(parts.host.functions).toEqual([{ name: 'answer', returns: 'i64', value: 42n }, { name: 'noop', returns: 'none' }]);
  });

  it('reports a mock value that does not fit its type, or a value for a mock returning none', () => {
    const { context, parts } = runSections(
      `${HEAD}\n[[host.functions]]\nname = "a"\nreturns = "i64"\nvalue = "x"\n\n[[host.functions]]\nname = "b"\nreturns = "none"\nvalue = 1\n`,
      [hostOptionsSection, hostSection],
    );
    expect(context.findings.map((f) => [f.code, f.location.keyPath, f.location.line])).toEqual([
      ['suite-value', 'host.functions[0].value', 12],
      ['suite-value', 'host.functions[1].value', 17],
    ]);
    expect(parts.host.functions).toEqual([]);
  });
});
