import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../finding.js';
import { KegcheckError } from '../kegcheck-error.js';
import { loadKeg } from './load-keg.js';

// One test per fixture in fixtures/bad-kegs/: the exact finding (or refusal)
// and, for every one, no temp dir left and nothing written beside it.
const BAD = fileURLToPath(new URL('../../fixtures/bad-kegs/', import.meta.url));

let privateTmp: string;
let savedTmp: string | undefined;
let before: string[];
beforeAll(async () => {
  // os.tmpdir() follows TMPDIR: loadKeg's default extraction root becomes a
  // folder only this file uses, so leftovers can be counted exactly.
  privateTmp = await mkdtemp(join(tmpdir(), 'kegcheck-test-bad-'));
  savedTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = privateTmp;
  before = await listing(BAD);
});
afterEach(async () => {
  expect(await readdir(privateTmp)).toEqual([]);
  expect(await listing(BAD)).toEqual(before);
});
afterAll(async () => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  await rm(privateTmp, { recursive: true, force: true });
});

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

async function findingsOf(name: string): Promise<Finding[]> {
  const keg = await loadKeg(join(BAD, name));
  try {
    return keg.findings;
  } finally {
    await keg.dispose();
  }
}

async function refusalOf(name: string): Promise<KegcheckError> {
  try {
    const keg = await loadKeg(join(BAD, name));
    await keg.dispose();
  } catch (error) {
    if (error instanceof KegcheckError) return error;
    throw error;
  }
  throw new Error(`${name} was loaded, expected a refusal`);
}

describe('fixtures/bad-kegs', () => {
  it('toml-syntax: unclosed string, with line and column', async () => {
    expect(await findingsOf('toml-syntax')).toEqual([
      expect.objectContaining({ code: 'toml-syntax', location: { file: join(BAD, 'toml-syntax', 'keg.toml'), line: 4, column: 17 } }),
    ]);
  });

  it('schema-violation: plugin type is an integer', async () => {
    expect(await findingsOf('schema-violation')).toEqual([
      {
        code: 'schema',
        severity: 'error',
        message: 'plugins[0].type must be string',
        expected: 'type string',
        location: { file: join(BAD, 'schema-violation', 'keg.toml'), pointer: '/plugins/0/type', keyPath: 'plugins[0].type', line: 8, column: 1 },
      },
    ]);
  });

  it('duplicate-plugin: the second entry is reported', async () => {
    expect(await findingsOf('duplicate-plugin')).toEqual([
      expect.objectContaining({
        code: 'duplicate-plugin',
        message: expect.stringContaining('line 7'),
        location: expect.objectContaining({ keyPath: 'plugins[1].name', line: 11, column: 1 }),
      }),
    ]);
  });

  it('missing-wasm: no plugin.wasm', async () => {
    expect(await findingsOf('missing-wasm')).toEqual([
      expect.objectContaining({ code: 'wasm-missing', location: { file: join(BAD, 'missing-wasm', 'plugins/count_vowels/plugin.wasm') } }),
    ]);
  });

  it('corrupt-wasm: WebAssembly.validate fails, the compiler says why', async () => {
    expect(await findingsOf('corrupt-wasm')).toEqual([
      expect.objectContaining({ code: 'wasm-invalid', message: expect.stringContaining('extends past end of the module') }),
    ]);
  });

  it.each([
    ['zip-slip.keg', 'zip-unsafe-entry', '"../../evil.txt"'],
    ['absolute-path.keg', 'zip-unsafe-entry', '"/tmp/evil.tx": it has an absolute path'],
    ['symlink-entry.keg', 'zip-unsafe-entry', 'symbolic link'],
    ['extra-folder.keg', 'keg-nested', 'inside the folder "vowels/"'],
    ['zip-bomb.keg', 'zip-too-large', 'declares 314572979 bytes'],
    ['zip-bomb-understated.keg', 'zip-size-mismatch', 'expands beyond the 1024 bytes'],
    ['not-a-zip.keg', 'keg-not-zip', 'not a zip archive'],
  ])('%s is refused with %s before anything is written', async (name, code, text) => {
    const error = await refusalOf(name);
    expect(error.code).toBe(code);
    expect(error.message).toContain(text);
    expect(error.location).toEqual({ file: join(BAD, name) });
  });

  it('has a test for every fixture', async () => {
    const tested = [
      'toml-syntax', 'schema-violation', 'duplicate-plugin', 'missing-wasm', 'corrupt-wasm',
      'zip-slip.keg', 'absolute-path.keg', 'symlink-entry.keg', 'extra-folder.keg', 'zip-bomb.keg', 'zip-bomb-understated.keg', 'not-a-zip.keg',
    ];
    const present = (await readdir(BAD)).filter((n) => n !== 'make-zips.mjs');
    expect(present.sort()).toEqual(tested.sort());
  });
});
