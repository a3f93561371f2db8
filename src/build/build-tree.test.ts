import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildTree, findPluginSourceDirs } from './build-tree.js';
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
  expect(outcomes.map((o) => [o.toolchain, o.status])).toEqual([
    ['wat', 'built'],
    ['assemblyscript', 'built'],
  ]);
});
