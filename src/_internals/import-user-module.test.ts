import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importUserModule } from './import-user-module.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-user-module-'));
  await writeFile(join(dir, 'plain.mjs'), 'export const answer = 42;\nexport default function twice(x) { return 2 * x; }\n');
  // No package.json with "type": "module" around: a .ts file here is CommonJS to Node.
  await writeFile(join(dir, 'typed.ts'), 'export function count_vowels(s: string): number { return s.length; }\nexport default (n: number): number => n + 1;\n');
  await writeFile(join(dir, 'typed.mts'), 'export const kind: string = "esm";\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('importUserModule', () => {
  it('imports JavaScript as it is', async () => {
    const mod = await importUserModule(join(dir, 'plain.mjs'));
    expect(mod['answer']).toBe(42);
    expect((mod['default'] as (x: number) => number)(4)).toBe(8);
  });

  it('imports TypeScript through tsx, named exports of a CommonJS .ts included', async () => {
    const mod = await importUserModule(join(dir, 'typed.ts'));
    expect((mod['count_vowels'] as (s: string) => number)('abc')).toBe(3);
    expect((mod['default'] as (n: number) => number)(1)).toBe(2);
    expect((await importUserModule(join(dir, 'typed.mts')))['kind']).toBe('esm');
  });
});
