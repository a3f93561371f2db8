import { fileURLToPath } from 'node:url';
import type { Keg } from '../../keg/keg.js';
import { loadKeg } from '../../keg/load-keg.js';
import { loadSuite } from '../load-suite.js';
import type { Suite } from '../suite.js';

// Test support: the published vowelcounter suite and its reference keg, the
// smallest real run (the caller disposes the keg).

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function publishedVowelcounterSuite(): Promise<Suite> {
  const loaded = await loadSuite(`${ROOT}conformance/vowelcounter.suite.toml`);
  if (loaded.kind !== 'ok') throw new Error('the published vowelcounter suite did not load');
  return loaded.suite;
}

export async function publishedVowelcounter(): Promise<{ suite: Suite; keg: Keg }> {
  const suite = await publishedVowelcounterSuite();
  return { suite, keg: await loadKeg(`${ROOT}fixtures/suites/vowelcounter/vowels_wat`) };
}
