import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../host/plugin-spec.js';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import { judgeJsonInput } from './_internals/json-input-probe.js';
import { parseSuite } from './load-suite.js';
import { callableExports, observeOutputs, scaffoldSuite } from './scaffold-suite.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const supervisor = new Supervisor({ workers: 1 });
afterAll(() => supervisor.close());

const side = { elapsedMs: 0, prints: [], logs: [], hostCalls: [], staticReads: [] };
const ok = (text: string): CallResult => ({ kind: 'ok', output: new TextEncoder().encode(text), ...side }) as CallResult;
const err = (message: string, kind: 'plugin-error' | 'trap' = 'plugin-error'): CallResult => ({ kind, message, ...side }) as CallResult;

describe('judgeJsonInput', () => {
  it('reads JSON input from a parser-like failure on empty input and a different answer to {}', () => {
    expect(judgeJsonInput(err('EOF while parsing a value at line 1 column 0'), err('missing field `op` at line 1 column 2'))?.missingKeys).toEqual(['op']);
    expect(judgeJsonInput(err('Unexpected end of JSON input'), err('"name" is required; missing key "id"'))?.missingKeys).toEqual(['name', 'id']);
    expect(judgeJsonInput(err('not JSON'), ok('{"a":1}'))?.evidence).toContain('{} was accepted');
  });

  it('says nothing when the evidence is not there', () => {
    expect(judgeJsonInput(ok(''), ok(''))).toBeUndefined();
    expect(judgeJsonInput(err('input too short'), err('input too short'))).toBeUndefined();
    expect(judgeJsonInput(err('buffer too small'), err('bad magic'))).toBeUndefined();
    expect(judgeJsonInput(err('unexpected end of input'), err('unreachable', 'trap'))).toBeUndefined();
  });
});

describe('kegcheck init scaffold for JSON input', () => {
  it('writes input = "json" and an input_schema skeleton for calc, and the text loads as a suite', async () => {
    const keg = await loadKeg(join(REPO, 'fixtures/suites/calc/calc_rust'));
    try {
      const plugin = keg.plugins[0]!;
      const exports = await callableExports(plugin);
      const text = scaffoldSuite(keg, plugin, exports, await observeOutputs(supervisor, keg, plugin, exports));
      expect(text).toContain('input = "json"');
      expect(text).toContain('input_schema = { type = "object", required = ["op"], properties = { op = {} } }');
      expect(text).toContain('check = "rejects_invalid"');
      const loaded = parseSuite(text, join(REPO, 'conformance/scaffolded.suite.toml'));
      expect(loaded.kind, JSON.stringify(loaded.kind === 'invalid' ? loaded.findings : [])).toBe('ok');
    } finally {
      await keg.dispose();
    }
  });

  it('leaves a string-input plugin without input_schema', async () => {
    const keg = await loadKeg(join(REPO, 'fixtures/suites/vowelcounter/vowels_wat'));
    try {
      const plugin = keg.plugins[0]!;
      const exports = await callableExports(plugin);
      const text = scaffoldSuite(keg, plugin, exports, await observeOutputs(supervisor, keg, plugin, exports));
      expect(text).not.toContain('input_schema');
    } finally {
      await keg.dispose();
    }
  });
});
