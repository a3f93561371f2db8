import { resolve } from 'node:path';
import type { Suite } from '../../suite.js';
import type { SectionContext } from './section-context.js';

/** What `[suite]` says about the suite as a whole: its plugin type, version, reference keg and fixtures. */
export function readSuiteHead({ file, suiteDir, head }: SectionContext): Pick<Suite, 'file' | 'type' | 'version' | 'description' | 'reference' | 'fixtures'> {
  return {
    file,
    type: head['type'] as string,
    version: head['version'] as string,
    ...(typeof head['description'] === 'string' ? { description: head['description'] } : {}),
    ...(typeof head['reference'] === 'string' ? { reference: resolve(suiteDir, head['reference']) } : {}),
    fixtures: ((head['fixtures'] ?? []) as string[]).map((f) => resolve(suiteDir, f)),
  };
}
