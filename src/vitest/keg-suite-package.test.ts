// kegSuite() given an installed suite package's name: the example package is
// copied into a temp project's node_modules and resolved from there, as Node would.
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { makeTempDir } from '../build/_internals/make-temp-dir.js';
import { kegSuite } from './index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const project = await makeTempDir('kegsuite-pkg');
const installed = join(project.dir, 'node_modules/@kegcheck-examples/vowelcounter-suite');
await mkdir(installed, { recursive: true });
await cp(join(REPO, 'fixtures/suite-packages/vowelcounter-suite'), installed, { recursive: true });
const before = process.cwd();
process.chdir(project.dir);
afterAll(async () => {
  process.chdir(before);
  await project.cleanup();
});

kegSuite('@kegcheck-examples/vowelcounter-suite', join(REPO, 'fixtures/suites/vowelcounter/vowels_wat'), { seed: 20260102, runs: 20 });
kegSuite('@kegcheck-examples/vowelcounter-suite/vowelcounter', join(REPO, 'fixtures/suites/vowelcounter/vowels_wat'), { seed: 20260103, runs: 20 });
