// A keg author's view: a vitest run of a file that calls kegSuite, with
// vitest's own JUnit reporter. A separate vitest process runs it, so the
// failing check fails there, not here.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KEG = join(REPO, 'fixtures/suites/vowelcounter/vowels_wat');

const SUITE = `
[suite]
type = "kegs.testing.vowelcounter"
version = "1.0.0"

[[functions]]
name = "count_vowels"
input = "string"
output = "json"

[[cases]]
name = "hello"
function = "count_vowels"
input = "hello"
expect = { json = { count = 2 } }

[[cases]]
name = "wrong on purpose"
function = "count_vowels"
input = "hello"
expect = { json = { count = 3 } }

[[cases]]
name = "known wrong"
function = "count_vowels"
input = "aaa"
expect = { json = { count = 9 } }

[[expected_fail]]
keg = "*"
check = "known wrong"
reason = "listed to show xfail"
`;

interface Testcase { name: string; classname: string; failure?: { message: string; '#text'?: string } | string; skipped?: unknown }

let dir: string;
let result: { code: number | null; stdout: string; stderr: string };
let junit: Testcase[];
let broken: Testcase[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-vitest-'));
  await writeFile(join(dir, 'x.suite.toml'), SUITE);
  await writeFile(
    join(dir, 'keg.test.ts'),
    `import { kegSuite } from ${JSON.stringify(join(REPO, 'src/vitest/index.ts'))};\nkegSuite('x.suite.toml', ${JSON.stringify(KEG)});\n`,
  );
  // User mistakes become failing tests that say what is wrong, not crashes.
  await writeFile(join(dir, 'bad.suite.toml'), '[suite]\ntype = "kegs.testing.vowelcounter"\nversion = 1\n');
  await writeFile(
    join(dir, 'broken.test.ts'),
    [
      `import { kegSuite } from ${JSON.stringify(join(REPO, 'src/vitest/index.ts'))};`,
      `kegSuite('bad.suite.toml', ${JSON.stringify(KEG)});`,
      `kegSuite('x.suite.toml', 'no-such-keg');`,
      `kegSuite('x.suite.toml', ${JSON.stringify(KEG)}, { plugin: 'nope' });`,
      '',
    ].join('\n'),
  );
  // A plain object: a config outside the repo cannot import 'vitest/config'.
  await writeFile(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['keg.test.ts', 'broken.test.ts'], pool: 'forks' } };\n`);
  result = await new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs', '--reporter=junit', '--reporter=default', '--outputFile.junit=junit.xml'], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 150_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  const doc = parser.parse(await readFile(join(dir, 'junit.xml'), 'utf8')) as { testsuites: { testsuite: { name: string; testcase: Testcase[] }[] } };
  junit = doc.testsuites.testsuite.filter((s) => s.name === 'keg.test.ts').flatMap((s) => s.testcase);
  broken = doc.testsuites.testsuite.filter((s) => s.name === 'broken.test.ts').flatMap((s) => s.testcase);
}, 180_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('kegSuite inside a vitest run', () => {
  it('fails the run because one check fails', () => {
    expect(result.code, result.stderr).toBe(1);
  });

  it('registers one test per check, named after the plugin and check', () => {
    const prefix = `x.suite.toml × ${relative(dir, KEG)} > count_vowels > `;
    expect(junit.map((t) => t.name)).toEqual(['interface', 'case: hello', 'case: wrong on purpose', 'case: known wrong'].map((n) => prefix + n));
  });

  it('reports the mismatch through vitest’s own diff, with the replay command', () => {
    const failed = junit.filter((t) => t.failure !== undefined);
    expect(failed.map((t) => t.name.split(' > ').at(-1))).toEqual(['case: wrong on purpose']);
    const failure = failed[0]!.failure as { message: string; '#text': string };
    expect(failure['#text']).toContain('- Expected');
    expect(failure['#text']).toContain('+ Received');
    expect(failure['#text']).toMatch(/-\s+"count": 3,?\n\+\s+"count": 2/);
    // The replay command alone on its line, ready to paste (kegcheck here runs from the clone, not node_modules).
    expect(failure['#text']).toMatch(/\nreplay:\nkegcheck run x\.suite\.toml \S+ --plugin count_vowels --check 'case:wrong on purpose'\n/);
  });

  it('counts an expected failure as passing', () => {
    const xfail = junit.find((t) => t.name.endsWith('case: known wrong'))!;
    expect(xfail.failure).toBeUndefined();
    expect(xfail.skipped).toBeUndefined();
  });

  it('turns a bad suite, a missing keg and an unknown plugin into failing tests that explain them', () => {
    const byName = (end: string): string => {
      const t = broken.find((c) => c.name.endsWith(end));
      expect(t, end).toBeDefined();
      const f = t!.failure as { message: string; '#text'?: string };
      return `${f.message}\n${f['#text'] ?? ''}`;
    };
    // The one findings form (formatFinding): place, key path, message, code, expectation.
    expect(byName('suite file is valid')).toMatch(/bad\.suite\.toml:3:\d+ \(suite\.version\): .*version.*\[schema\]\n {4}expected: type string/);
    expect(byName('keg loads')).toContain('no-such-keg');
    expect(byName('plugin exists')).toContain("has no plugin 'nope'");
    expect(broken).toHaveLength(3);
  });
});
