import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../build/_internals/make-temp-dir.js';
import { conformanceClaims } from './conformance-claims.js';
import { loadKeg } from './load-keg.js';

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await makeTempDir('claims');
});
afterEach(() => tmp.cleanup());

async function kegWith(conforms: string): Promise<string> {
  const root = join(tmp.dir, 'k');
  await mkdir(join(root, 'plugins/p'), { recursive: true });
  await writeFile(join(root, 'keg.toml'), '[package]\nname = "k"\nversion = "1.0.0"\n[[plugins]]\nname = "p"\ntype = "kegs.testing.vowelcounter"\n');
  await writeFile(join(root, 'plugins/p/metadata.toml'), `name = "p"\n${conforms}\n`);
  return root;
}

describe('conforms in metadata.toml', () => {
  it('reads valid claims', () => {
    expect(conformanceClaims({ conforms: ['a.b@^1.2', 'a.b@>=1.0 <3', 'bad', 'a.b@not a range'] })).toEqual([
      { type: 'a.b', range: '^1.2', index: 0 },
      { type: 'a.b', range: '>=1.0 <3', index: 1 },
    ]);
    expect(conformanceClaims({})).toEqual([]);
  });

  it('an invalid range is an error finding with file, key and line', async () => {
    const keg = await loadKeg(await kegWith('conforms = [\n  "kegs.testing.vowelcounter@^1.2",\n  "kegs.testing.vowelcounter@^^1.x.y",\n]'));
    const found = keg.findings.filter((f) => f.code.startsWith('conforms'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'conforms-range', severity: 'error', location: { keyPath: 'conforms[1]', line: 4 } });
    expect(found[0]?.location.file).toMatch(/metadata\.toml$/);
    await keg.dispose();
  });

  it('a malformed entry fails the schema; a claim of another type is a warning', async () => {
    const keg = await loadKeg(await kegWith('conforms = ["no-at-sign", "kegs.other.type@1"]'));
    expect(keg.findings.filter((f) => f.code === 'schema').map((f) => f.location.keyPath)).toContain('conforms[0]');
    expect(keg.findings.find((f) => f.code === 'conforms-type')).toMatchObject({ severity: 'warning', location: { keyPath: 'conforms[1]' } });
    await keg.dispose();
  });
});
