import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../build/_internals/make-temp-dir.js';
import { precompiledValidator } from './precompiled-validator.js';

const OPTIONS = { allErrors: true, strict: false, allowUnionTypes: true };

function schema(minimum: number): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['count', 'mail'],
    properties: { count: { type: 'integer', minimum }, mail: { type: 'string', format: 'email' } },
    additionalProperties: false,
  };
}

const bad = { count: -1, mail: 'not a mail', extra: true };

describe('precompiledValidator', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    temp = await makeTempDir('kegcheck-ajv-cache-');
    env = { KEGCHECK_CACHE_DIR: join(temp.dir, 'cache') };
  });

  afterEach(() => temp.cleanup());

  it('gives the cached validator the same verdicts and errors as the freshly compiled one', async () => {
    const fresh = precompiledValidator(schema(0), OPTIONS, env);
    const files = await readdir(join(temp.dir, 'cache'));
    expect(files).toHaveLength(1);
    // The file really is what the second call runs: a marker added to it shows up.
    const file = join(temp.dir, 'cache', files[0] as string);
    await writeFile(file, `${await readFile(file, 'utf8')}\nmodule.exports.fromCache = true;\n`);
    const cached = precompiledValidator(schema(0), OPTIONS, env);
    expect((cached as unknown as { fromCache?: boolean }).fromCache).toBe(true);
    expect(cached({ count: 3, mail: 'a@b.example' })).toBe(true);
    expect(fresh(bad)).toBe(false);
    expect(cached(bad)).toBe(false);
    expect(cached.errors).toEqual(fresh.errors);
    expect(cached.errors?.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'format', 'minimum']);
  });

  it('compiles again for a changed schema or options', async () => {
    precompiledValidator(schema(0), OPTIONS, env);
    const stricter = precompiledValidator(schema(5), OPTIONS, env);
    expect(stricter({ count: 3, mail: 'a@b.example' })).toBe(false);
    precompiledValidator(schema(5), { ...OPTIONS, allErrors: false }, env);
    expect(await readdir(join(temp.dir, 'cache'))).toHaveLength(3);
  });

  it('replaces a corrupt cache file', async () => {
    precompiledValidator(schema(0), OPTIONS, env);
    const [name] = await readdir(join(temp.dir, 'cache'));
    await writeFile(join(temp.dir, 'cache', name as string), 'this is not javascript {');
    expect(precompiledValidator(schema(0), OPTIONS, env)(bad)).toBe(false);
    expect(await readFile(join(temp.dir, 'cache', name as string), 'utf8')).toContain('validate');
  });

  it('still validates, writing nothing, when the cache cannot be written or is off', async () => {
    await writeFile(join(temp.dir, 'blocked'), 'not a folder');
    const blocked = precompiledValidator(schema(0), OPTIONS, { KEGCHECK_CACHE_DIR: join(temp.dir, 'blocked', 'cache') });
    expect(blocked(bad)).toBe(false);
    const off = precompiledValidator(schema(0), OPTIONS, { ...env, KEGCHECK_CACHE: 'off' });
    expect(off({ count: 1, mail: 'a@b.example' })).toBe(true);
    expect((await readdir(temp.dir)).sort()).toEqual(['blocked']);
  });
});
