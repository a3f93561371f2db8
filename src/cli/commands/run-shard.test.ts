import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchRoot, type ScratchRoot } from '../../suite/__fixtures__/scratch-kegs.js';
import type { RunReport } from '../../model/result.js';
import type { CliIO } from '../cli-io.js';
import { main } from '../main.js';

const TYPE = 'kegcheck.test.multi';
let root: ScratchRoot;
let kegPath: string;

const suite = (name: string, version: string): string => `[suite]
type = "${TYPE}"
version = "${version}"
description = "${name}"
[[functions]]
name = "chatty"
input = "string"
output = "string"
[[cases]]
name = "echoes"
function = "chatty"
input = "${name}"
expect = { text = "${name}" }
`;

beforeAll(async () => {
  root = await scratchRoot();
  kegPath = await root.keg('one', [{ name: 'multi', type: TYPE, wat: 'multi.wat', replace: { ECHO_SIGN_DROP: '0' } }]);
  // A plugin runs against two suites of its type only when it claims both versions.
  await appendFile(join(kegPath, 'plugins', 'multi', 'metadata.toml'), `conforms = ["${TYPE}@^1", "${TYPE}@^2"]\n`);
  await mkdir(join(root.dir, 'suites'), { recursive: true });
  await root.file('suites/a.suite.toml', suite('a', '1.0.0'));
  await root.file('suites/b.suite.toml', suite('b', '2.0.0'));
});
afterAll(async () => {
  await root.dispose();
});

describe('kegcheck run --shard', () => {
  it('deals suite × keg × plugin: a plugin certified by two versions of its type (it claims both) runs once per suite over all shards', async () => {
    const seen: string[] = [];
    for (const i of [1, 2]) {
      const out = join(root.dir, `shard-${i}`);
      const io: CliIO = { stdout: () => undefined, stderr: () => undefined, env: { NO_COLOR: '1' }, cwd: root.dir, isTTY: false };
      expect(await main(['run', join(root.dir, 'suites'), kegPath, '--shard', `${i}/2`, '--reporter', 'json', '--out', out], io)).toBe(0);
      const report = JSON.parse(await readFile(join(out, 'kegcheck-report.json'), 'utf8')) as RunReport;
      const items = report.suites.flatMap((s) => s.plugins.map((p) => `${s.suite.description ?? ''}:${p.keg.name}:${p.plugin.name}`));
      expect(items, `shard ${i}`).toHaveLength(1);
      seen.push(...items);
    }
    expect(seen.sort()).toEqual(['a:one:multi', 'b:one:multi']);
  }, 60_000);
});
