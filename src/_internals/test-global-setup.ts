import { fileURLToPath } from 'node:url';
import { assertTreeBuilt, buildTree } from '../build/build-tree.js';

// Fixture plugins are compiled from the sources committed beside them, once
// per test run; up-to-date builds are skipped.
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  assertTreeBuilt(await buildTree(root), root);
}
