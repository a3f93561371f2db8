import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticResource } from './read-static-resource.js';

describe('readStaticResource', () => {
  let keg: string;
  let plugin: string;
  let outside: string;
  beforeAll(() => {
    outside = mkdtempSync(join(tmpdir(), 'kegcheck-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    keg = mkdtempSync(join(tmpdir(), 'kegcheck-static-'));
    plugin = join(keg, 'plugins', 'p');
    mkdirSync(join(plugin, 'static', 'nested'), { recursive: true });
    mkdirSync(join(keg, 'static'), { recursive: true });
    writeFileSync(join(keg, 'keg.toml'), '[package]\n');
    writeFileSync(join(plugin, 'static', 'own.txt'), 'own');
    writeFileSync(join(plugin, 'static', 'nested', 'deep.txt'), 'deep');
    writeFileSync(join(plugin, 'static', 'both.txt'), 'plugin wins');
    writeFileSync(join(keg, 'static', 'both.txt'), 'keg');
    writeFileSync(join(keg, 'static', 'shared.txt'), 'shared');
    writeFileSync(join(plugin, 'static', 'big.bin'), new Uint8Array(100));
    symlinkSync(join(outside, 'secret.txt'), join(plugin, 'static', 'abs-link'));
    symlinkSync('../../../keg.toml', join(plugin, 'static', 'rel-link'));
    symlinkSync('own.txt', join(plugin, 'static', 'inner-link'));
    symlinkSync(join(outside, 'nothing'), join(plugin, 'static', 'dangling'));
  });
  afterAll(() => {
    rmSync(keg, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const read = (path: string, max = 1 << 20) => readStaticResource(path, plugin, keg, max);
  const textOf = (path: string) => {
    const found = read(path);
    return found.outcome === 'ok' ? new TextDecoder().decode(found.bytes) : found.outcome;
  };

  it('serves the plugin folder first, then the keg folder, and says where from', () => {
    expect(textOf('own.txt')).toBe('own');
    expect(textOf('nested/deep.txt')).toBe('deep');
    expect(textOf('both.txt')).toBe('plugin wins');
    expect(textOf('shared.txt')).toBe('shared');
    expect(read('shared.txt').read).toEqual({ path: 'shared.txt', outcome: 'ok', resolved: 'static/shared.txt' });
  });

  it('follows a symlink that stays inside the static folder', () => {
    expect(textOf('inner-link')).toBe('own');
  });

  it.each([
    ['../../keg.toml', /"\.\." segment/],
    ['nested/../../../keg.toml', /"\.\." segment/],
    ['/etc/passwd', /absolute/],
    ['\\etc\\passwd', /absolute/],
    ['C:/windows', /absolute/],
    ['a\0b', /NUL/],
    ['', /empty/],
    ['abs-link', /symlink escape/],
    ['rel-link', /symlink escape/],
    ['dangling', /dangling/],
  ])('refuses %j', (path, reason) => {
    const found = read(path);
    expect(found.outcome).toBe('refused');
    expect(found.read.reason).toMatch(reason);
  });

  it('reports a missing file, and a folder, as missing', () => {
    expect(read('nope.txt').outcome).toBe('missing');
    expect(read('nested').outcome).toBe('missing');
  });

  it('refuses a file above the size limit', () => {
    expect(read('big.bin', 99).outcome).toBe('refused');
    expect(read('big.bin', 100).outcome).toBe('ok');
  });
});
