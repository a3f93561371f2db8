import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from './build-plugin.js';

const SOURCE = `@external("extism:host/env", "output_set")
declare function output_set(offset: u64, length: u64): void;
export function run(): i32 {
  output_set(0, 0);
  return 0;
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kegcheck-asconfig-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function plugin(name: string, asconfig?: object): Promise<string> {
  const src = join(dir, name, 'src', 'assemblyscript');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'index.ts'), SOURCE);
  if (asconfig !== undefined) await writeFile(join(src, 'asconfig.json'), JSON.stringify(asconfig));
  return join(dir, name);
}

function exportNames(bytes: Uint8Array): string[] {
  return WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
}

describe('kegcheck build with an asconfig.json', () => {
  it("builds with the plugin's own asconfig.json (options and release target) when it has one, with kegcheck's defaults otherwise", async () => {
    const plain = await buildPlugin(await plugin('plain'));
    expect(exportNames(await readFile(plain.wasmPath))).toEqual(['run', 'memory']);
    const configured = await buildPlugin(
      await plugin('configured', { entries: ['index.ts'], targets: { release: { optimizeLevel: 3, exportTable: true } }, options: { runtime: 'stub', use: ['abort='] } }),
    );
    expect(configured.status).toBe('built');
    expect(exportNames(await readFile(configured.wasmPath))).toContain('table');
    await expect(buildPlugin(await plugin('broken', undefined).then(async (p) => {
      await writeFile(join(p, 'src', 'assemblyscript', 'asconfig.json'), '{ not json');
      return p;
    }))).rejects.toMatchObject({ code: 'build-sources' });
  }, 120_000);
});
