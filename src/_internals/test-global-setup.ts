import { fileURLToPath } from 'node:url';
import { buildTree } from '../build/build-tree.js';

// Fixture plugins are compiled from the sources committed beside them, once
// per test run; up-to-date builds are skipped.
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  await buildTree(root);
}
