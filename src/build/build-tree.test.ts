import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { assertTreeBuilt, buildTree, describeBuildFailures, findPluginSourceDirs } from './build-tree.js';
import { makeTempDir } from './_internals/make-temp-dir.js';
import { echoSources, writeSampleKeg } from './_internals/sample-keg.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('tree');
});
afterEach(async () => {
  await temp.cleanup();
});

it('finds plugin source folders in every keg of a tree, skipping dist, target and node_modules copies', async () => {
  // The tree itself sits under a folder named target/: only paths inside it count.
  const root = join(temp.dir, 'target', 'tree');
  await writeSampleKeg(join(root, 'one'), [{ name: 'a', files: echoSources('wat') }]);
  await writeSampleKeg(join(root, 'two'), [{ name: 'b', files: echoSources('assemblyscript') }, { name: 'c', files: {} }]);
  await writeSampleKeg(join(root, 'one', 'dist', 'copy'), [{ name: 'x', files: echoSources('wat') }]);
  await writeSampleKeg(join(root, 'node_modules', 'dep'), [{ name: 'y', files: echoSources('wat') }]);
  expect(await findPluginSourceDirs(root)).toEqual([join(root, 'one/plugins/a'), join(root, 'two/plugins/b')]);
  const outcomes = await buildTree(root);
  expect(outcomes.map((o) => [o.status === 'failed' ? o.code : o.toolchain, o.status])).toEqual([
    ['wat', 'built'],
    ['assemblyscript', 'built'],
  ]);
});

it('builds everything it can when a toolchain is missing, then reports each failure', async () => {
  const root = join(temp.dir, 'tree');
  await writeSampleKeg(join(root, 'a'), [{ name: 'r', files: echoSources('rust') }]);
  await writeSampleKeg(join(root, 'b'), [{ name: 'w', files: echoSources('wat') }]);
  await writeSampleKeg(join(root, 'c'), [{ name: 'r2', files: echoSources('rust') }]);
  const outcomes = await buildTree(root, { env: { ...process.env, CARGO: '/nonexistent/cargo' } });
  expect(outcomes.map((o) => (o.status === 'failed' ? o.code : o.status))).toEqual(['toolchain-missing', 'built', 'toolchain-missing']);
  // The missing toolchain is named once, with every plugin that needs it.
  expect(describeBuildFailures(outcomes, root)).toEqual([
    expect.stringMatching(/^\[toolchain-missing\] cargo '\/nonexistent\/cargo' not found; install .*\n {2}needed by 2 plugin\(s\):\n {4}a\/plugins\/r\n {4}c\/plugins\/r2$/),
  ]);
  expect(() => assertTreeBuilt(outcomes, root)).toThrow(/^2 plugin\(s\) under .* could not be built:\n\[toolchain-missing\] cargo/);
});
