import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../host/supervisor.js';
import { loadKeg } from '../keg/load-keg.js';
import type { Keg } from '../keg/keg.js';
import { parseSuite } from './load-suite.js';
import { runSuite } from './run-suite.js';
import type { Suite } from './suite.js';
import { scratchRoot, type ScratchRoot } from './__fixtures__/scratch-kegs.js';
import type { ProbedCheck } from '../_internals/probed-check.js';

const TYPE = 'kegcheck.test.trailing';

// `head` goes into [suite], `fn` into the `padded` function; trailing.wat appends de ad be to its echo.
function suiteText(head = '', fn = ''): string {
  return `
[suite]
type = "${TYPE}"
version = "1.0.0"
${head}

[[functions]]
name = "padded"
args = [{ name = "a", type = "i64" }, { name = "s", type = "str" }]
returns = [{ name = "a", type = "i64" }, { name = "s", type = "str" }]
${fn}

[[functions]]
name = "echo"
args = [{ name = "a", type = "i64" }]
returns = [{ name = "a", type = "i64" }]

[[cases]]
name = "padded answer"
function = "padded"
args = ["-2", "hé"]
expect = { returns = ["-2", "hé"] }

[[cases]]
name = "padded golden"
function = "padded"
args = ["7", "x"]
expect = { file = "golden/padded.json" }

[[cases]]
name = "exact answer"
function = "echo"
args = ["5"]
expect = { returns = ["5"] }
`;
}

function loaded(text: string, file: string): Suite {
  const result = parseSuite(text, file);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result.findings, null, 2));
  return result.suite;
}

describe('lenient_decode in the suite loader', () => {
  const file = '/tmp/kegcheck-lenient/x.suite.toml';
  const lenientOf = (suite: Suite): Record<string, boolean | undefined> => Object.fromEntries(suite.functions.map((f) => [f.name, f.lenientDecode]));

  it('is off unless asked for; [suite] sets it for every packed function; a function overrides the suite', () => {
    expect(lenientOf(loaded(suiteText(), file))).toEqual({ padded: undefined, echo: undefined });
    expect(lenientOf(loaded(suiteText('lenient_decode = true'), file))).toEqual({ padded: true, echo: true });
    expect(lenientOf(loaded(suiteText('', 'lenient_decode = true'), file))).toEqual({ padded: true, echo: undefined });
    expect(lenientOf(loaded(suiteText('lenient_decode = true', 'lenient_decode = false'), file))).toEqual({ padded: undefined, echo: true });
  });

  it('rejects a non-boolean and warns where the output is raw', () => {
    const bad = parseSuite(suiteText('lenient_decode = "yes"'), file);
    expect(bad.kind).toBe('invalid');
    const raw = parseSuite(`${suiteText()}\n[[functions]]\nname = "text"\ninput = "string"\noutput = "string"\nlenient_decode = true\n`, file);
    if (raw.kind !== 'ok') throw new Error(JSON.stringify(raw.findings));
    expect(raw.findings.map((f) => [f.severity, f.location?.keyPath])).toEqual([['warning', 'functions[2].lenient_decode']]);
    expect(raw.suite.functions.find((f) => f.name === 'text')?.lenientDecode).toBeUndefined();
  });
});

describe('lenient_decode against a plugin that appends trailing bytes', () => {
  let root: ScratchRoot;
  let supervisor: Supervisor;
  let target: Keg;

  beforeAll(async () => {
    supervisor = new Supervisor({ workers: 1 });
    root = await scratchRoot();
    target = await loadKeg(await root.keg('trailing', [{ name: 'trailing', type: TYPE, wat: 'trailing.wat' }]));
  });
  afterAll(async () => {
    await supervisor.close();
    await target.dispose();
    await root.dispose();
  });

  async function run(head: string, fn = '', updateGolden = false, extra = '', checks = ['case:*']): Promise<Map<string, ProbedCheck>> {
    const suite = loaded(suiteText(head, fn) + extra, join(root.dir, 'trailing.suite.toml'));
    const result = await runSuite(suite, [target], { supervisor, checks, updateGolden, seed: 11 });
    return new Map((result.plugins[0]?.checks ?? []).map((c) => [c.name, c]));
  }

  it('strict by default: trailing bytes fail with the codec code, the offset and a hex view', async () => {
    const checks = await run('');
    const padded = checks.get('padded answer');
    expect(padded?.status).toBe('fail');
    // i64 (8 bytes) + str prefix (8) + "hé" (3 bytes) ends the payload at offset 19.
    expect(padded?.message).toContain('codec-trailing-bytes: 3 trailing bytes at offset 19');
    expect(padded?.diff?.actual).toMatch(/de ad be/i);
    expect(padded?.notes).toBeUndefined();
    expect(checks.get('exact answer')?.status).toBe('pass');
  });

  it('lenient: the check passes and its notes say lenient decode was needed; an exact answer carries no note', async () => {
    for (const [head, fn] of [['lenient_decode = true', ''], ['', 'lenient_decode = true']] as const) {
      const checks = await run(head, fn);
      const padded = checks.get('padded answer');
      expect(padded?.status).toBe('pass');
      expect(padded?.notes).toEqual([`lenient decode needed: 'padded' returned 3 trailing bytes at offset 19 after field #1 "s"`]);
      expect(checks.get('exact answer')?.status).toBe('pass');
      expect(checks.get('exact answer')?.notes).toBeUndefined();
    }
  });

  it('a function that opts out stays strict under a lenient suite', async () => {
    const checks = await run('lenient_decode = true', 'lenient_decode = false');
    expect(checks.get('padded answer')?.status).toBe('fail');
    expect(checks.get('padded answer')?.message).toContain('codec-trailing-bytes');
  });

  it('golden files of packed output: strict fails to decode; lenient writes and matches the fields only, with the note', async () => {
    const strict = (await run('', '', true)).get('padded golden');
    expect(strict?.status).toBe('fail');
    expect(strict?.message).toContain('codec-trailing-bytes: 3 trailing bytes at offset 17');
    await run('lenient_decode = true', '', true);
    expect(JSON.parse(await readFile(join(root.dir, 'golden/padded.json'), 'utf8'))).toEqual(['7', 'x']);
    const lenient = (await run('lenient_decode = true')).get('padded golden');
    expect(lenient?.status).toBe('pass');
    expect(lenient?.notes).toEqual([`lenient decode needed: 'padded' returned 3 trailing bytes at offset 17 after field #1 "s"`]);
  });

  it('properties honour it too: a roundtrip fails strict, passes lenient with the note and the count of runs', async () => {
    const property = '\n[[properties]]\nname = "padded round-trips"\nfunction = "padded"\ncheck = "roundtrip"\nruns = 40\n';
    const strict = (await run('', '', false, property, ['property:*'])).get('padded round-trips');
    expect(strict?.status).toBe('fail');
    expect(strict?.message).toContain('codec-trailing-bytes');
    const lenient = (await run('lenient_decode = true', '', false, property, ['property:*'])).get('padded round-trips');
    expect(lenient?.status).toBe('pass');
    // The lenient note, then what the inputs covered.
    expect(lenient?.notes).toHaveLength(2);
    expect(lenient?.notes?.[1]).toMatch(/^inputs covered: /);
    expect(lenient?.notes?.[0]).toMatch(/^lenient decode needed: 'padded' returned 3 trailing bytes at offset \d+ after field #1 "s" \(40 runs needed it\)$/);
  });
});
