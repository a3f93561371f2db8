// The repo's own use of `kegcheck/vitest`: the published vowel counter suite
// against its good fixture keg, one vitest test per check.
import { fileURLToPath } from 'node:url';
import { kegSuite } from './index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

kegSuite(`${REPO}conformance/vowelcounter.suite.toml`, `${REPO}fixtures/suites/vowelcounter/vowels_wat`, { seed: 20260101, runs: 50 });
