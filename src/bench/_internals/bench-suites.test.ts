import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../suite/load-suite.js';
import { cpuBoundSuite, digestOf } from './bench-suites.js';

describe('the CPU-bound bench suite', () => {
  it('computes the digest as the conformance oracle does', async () => {
    const oracleUrl = new URL('../../../conformance/oracles/digest.mjs', import.meta.url).href;
    const { default: oracle } = (await import(oracleUrl)) as { default: (text: string) => unknown };
    for (const text of ['', 'a', 'héllo wörld ✓', 'x'.repeat(300)]) expect(digestOf(text, 1024)).toEqual(oracle(text));
  });

  it('is a valid suite whose golden values match the conformance suite at 1024 rounds', () => {
    const loaded = parseSuite(cpuBoundSuite(10), 'bench.suite.toml');
    expect(loaded.kind).toBe('ok');
    // The conformance suite pins `hello` at the default 1024 rounds.
    expect(readFileSync(new URL('../../../conformance/digest.suite.toml', import.meta.url), 'utf8')).toContain(`fnv1a = "${digestOf('hello', 1024).fnv1a}"`);
  });
});
